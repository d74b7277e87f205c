package io.quant.cli;

import io.quant.api.OptionSpec;
import io.quant.api.QuantizerOptions;
import io.quant.api.UsageException;
import io.quant.api.tensor.CodeRange;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Tensor;
import io.quant.core.io.AtomicFiles;
import io.quant.core.io.IoWriter;
import io.quant.core.io.Npy;
import io.quant.core.json.ParamsJson;
import io.quant.core.plugin.PluginRegistry;
import io.quant.core.quantize.QuantizeRequest;
import io.quant.core.quantize.Quantization;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quant quantize}: float data to integer codes, with the parameters chosen, given or read. */
@Command(name = "quantize",
        description = {"Quantize a float tensor (.npy, or raw float32 .bin with --shape) to integer codes (.npy).",
            "Parameters come from a quantizer and a calibrator (default: affine uint8, minmax), from a fixed "
                    + "--range, or are given with --params or --scale/--zero-point."})
final class QuantizeCommand extends QuantSubcommand {
    @Parameters(index = "0", paramLabel = "IN", description = "The tensor to quantize.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npy", description = "Where to write the codes.")
    Path output;

    @Option(names = "--params-out", paramLabel = "P.json", description = "Also write the parameters as JSON.")
    Path paramsOut;

    @Option(names = "--scheme", paramLabel = "NAME", defaultValue = "affine",
            description = "Quantizer: affine, symmetric, restricted-range or a plugin's (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--bits", paramLabel = "N", description = "Code width, 2..16 (1 for unsigned); default 8.")
    Integer bits;

    @Option(names = "--signed", description = "Signed codes (the default of symmetric schemes).")
    boolean signed;

    @Option(names = "--unsigned", description = "Unsigned codes (the default of affine).")
    boolean unsigned;

    @Option(names = "--narrow-range", description = "Drop the lowest code: int8 [-127, 127].")
    boolean narrowRange;

    @Option(names = "--no-include-zero", description = "Use the range as given, even when it does not hold 0 (affine).")
    boolean noIncludeZero;

    @Option(names = "--rounding", paramLabel = "MODE", description = "half-even (default) or half-away.")
    String rounding;

    @Option(names = "--calibrator", paramLabel = "NAME", description = "minmax (default), percentile or a plugin's.")
    String calibrator;

    @Option(names = "--percentile", paramLabel = "P",
            description = "Percentile of the percentile calibrator (default 99.99); implies --calibrator percentile.")
    String percentile;

    @Option(names = "--range", paramLabel = "LO,HI", split = ",", description = "A fixed range instead of calibration.")
    double[] range;

    @Option(names = "--axis", paramLabel = "K", description = "Per channel: one scale and zero point per index along axis K.")
    Integer axis;

    @Option(names = "--params", paramLabel = "P.json", description = "Use these parameters (from --params-out).")
    Path params;

    @Option(names = "--scale", paramLabel = "S[,S...]", split = ",", description = "Explicit scale(s); lists go with --axis.")
    double[] scale;

    @Option(names = "--zero-point", paramLabel = "Z[,Z...]", split = ",", description = "Explicit zero point(s) (default 0).")
    int[] zeroPoint;

    @Option(names = "--dtype", paramLabel = "TYPE",
            description = "Codes of explicit parameters: int8, uint8, int16, uint16 or int32 (default uint8).")
    String dtype;

    @Option(names = "--shape", paramLabel = "D1,D2,...", description = "Shape of a raw float32 .bin input.")
    String shape;

    @Option(names = "--json", description = "Print a JSON report instead of text.")
    boolean json;

    private final Quantization quantization;

    @Inject
    QuantizeCommand(PluginRegistry registry, Quantization quantization) {
        super(registry);
        this.quantization = quantization;
    }

    @Override
    protected int run() {
        checkOutputs();
        Tensor data = FloatInput.read(input, shape, this::warn);
        QuantParams chosen = chooseParams(data);
        Tensor codes = quantization.quantize(data, chosen);
        Map<Path, IoWriter> outputs = new LinkedHashMap<>();
        outputs.put(output, Npy.writer(codes));
        if (paramsOut != null) {
            outputs.put(paramsOut, ParamsJson.writer(chosen));
        }
        // both or neither: a --params-out that cannot be written leaves an earlier -o file as it was
        AtomicFiles.writeAll(outputs);
        Reports.quantized(this, json, input, data, output, codes, chosen);
        return 0;
    }

    /** Both outputs are checked as writeAll checks them, but before the input is read: a bad path fails at once. */
    private void checkOutputs() {
        try {
            AtomicFiles.checkTargets(paramsOut == null ? List.of(output) : List.of(output, paramsOut));
        } catch (AtomicFiles.SameFileException e) {
            // its message names two paths; the user gave two options
            throw new UsageException("-o and --params-out both name " + output + ": give the parameters their own file");
        }
    }

    private QuantParams chooseParams(Tensor data) {
        boolean explicit = scale != null || zeroPoint != null;
        if (params != null && explicit) {
            throw new UsageException("--params and --scale/--zero-point both give the parameters: use one");
        }
        if (params != null || explicit) {
            if (calibrator != null || percentile != null || range != null) {
                throw new UsageException("explicit parameters replace calibration: drop --calibrator/--percentile/--range");
            }
            QuantParams given = params != null ? ParamsJson.read(params) : explicitParams();
            given.checkFits(data.shape());
            return given;
        }
        if (dtype != null) {
            throw new UsageException("--dtype goes with --scale/--zero-point; otherwise --bits and --signed/--unsigned choose the codes");
        }
        if (range != null && (calibrator != null || percentile != null)) {
            throw new UsageException("--range replaces calibration: drop --calibrator/--percentile");
        }
        if (range == null) {
            FloatInput.requireValues(input, data, "give --range, --params or --scale/--zero-point");
        }
        return quantization.params(data, request());
    }

    private QuantParams explicitParams() {
        if (signed && unsigned) {
            throw new UsageException("--signed and --unsigned contradict each other");
        }
        CodeRange codes = dtype != null ? CodeRange.full(DType.parse(dtype))
                : CodeRange.of(bits == null ? 8 : bits, signed, narrowRange);
        return ExplicitParams.of(scale, zeroPoint, axis, codes);
    }

    private QuantizeRequest request() {
        String calibratorName = calibrator != null ? calibrator : percentile != null ? "percentile" : "minmax";
        Map<String, String> calibratorOptions = new LinkedHashMap<>();
        if (percentile != null) {
            calibratorOptions.put("percentile", percentile);
        }
        return new QuantizeRequest(scheme, SchemeFlags.options(registry(), scheme, bits, signed, unsigned, narrowRange, noIncludeZero, rounding),
                calibratorName, calibratorOptions, range, axis == null ? OptionalInt.empty() : OptionalInt.of(axis));
    }

    /** The quantizer options the shared flags stand for; a flag the scheme does not declare is a usage error. */
    static final class SchemeFlags {
        private SchemeFlags() {}

        static Map<String, String> options(PluginRegistry registry, String scheme, Integer bits, boolean signed,
                boolean unsigned, boolean narrowRange, boolean noIncludeZero, String rounding) {
            if (signed && unsigned) {
                throw new UsageException("--signed and --unsigned contradict each other");
            }
            Map<String, String> options = new LinkedHashMap<>();
            Map<String, String> flags = new LinkedHashMap<>();
            if (bits != null) {
                put(options, flags, QuantizerOptions.BITS, bits.toString(), "--bits");
            }
            if (signed || unsigned) {
                put(options, flags, QuantizerOptions.SIGNED, Boolean.toString(signed), signed ? "--signed" : "--unsigned");
            }
            if (narrowRange) {
                put(options, flags, QuantizerOptions.NARROW_RANGE, "true", "--narrow-range");
            }
            if (noIncludeZero) {
                put(options, flags, QuantizerOptions.INCLUDE_ZERO, "false", "--no-include-zero");
            }
            if (rounding != null) {
                put(options, flags, QuantizerOptions.ROUNDING, rounding, "--rounding");
            }
            Set<String> declared = registry.quantizer(scheme).options().stream().map(OptionSpec::name)
                    .collect(Collectors.toSet());
            for (Map.Entry<String, String> flag : flags.entrySet()) {
                if (!declared.contains(flag.getKey())) {
                    throw new UsageException(flag.getValue() + " means nothing to quantizer '" + scheme + "'"
                            + " (it takes no option '" + flag.getKey() + "')");
                }
            }
            return options;
        }

        private static void put(Map<String, String> options, Map<String, String> flags, String name, String value,
                String flag) {
            options.put(name, value);
            flags.put(name, flag);
        }
    }
}
