package io.quant.cli;

import io.quant.api.Calibrator;
import io.quant.api.OptionSpec;
import io.quant.api.kernel.ErrorMetrics;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Tensor;
import io.quant.core.plugin.PluginRegistry;
import io.quant.core.quantize.QuantizeRequest;
import io.quant.core.quantize.Quantization;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quant eval}: what each scheme x calibrator x bits costs on the user's data, as seeds 003 and 004
 * measure by hand: scale, zero point, MSE, SQNR, max abs error and the share of clipped values.
 */
@Command(name = "eval",
        description = {"Quantize IN with every requested scheme x calibrator x bits and report the error of each:",
            "MSE, MSE of the values not clipped (the rounding error alone), SQNR (dB), max abs error and the",
            "share of clipped values."})
final class EvalCommand extends QuantSubcommand {
    private static final List<String> HEADER = List.of(
            "SCHEME", "CALIBRATOR", "BITS", "SCALE", "ZERO_POINT", "MSE", "MSE_UNCLIPPED", "SQNR_DB", "MAX_ABS_ERROR",
            "CLIPPED_%");

    @Parameters(index = "0", paramLabel = "IN", description = "The tensor to evaluate (.npy, or raw float32 .bin with --shape).")
    Path input;

    @Option(names = "--scheme", paramLabel = "A,B,...", split = ",", defaultValue = "affine,symmetric",
            description = "Quantizers to compare (default: ${DEFAULT-VALUE}).")
    List<String> schemes;

    @Option(names = "--calibrator", paramLabel = "C,D,...", split = ",", defaultValue = "minmax,percentile",
            description = "Calibrators to compare (default: ${DEFAULT-VALUE}).")
    List<String> calibrators;

    @Option(names = "--bits", paramLabel = "N[,M...]", split = ",", description = "Code widths to compare (default: each scheme's).")
    List<Integer> bits;

    @Option(names = "--percentile", paramLabel = "P", description = "Percentile of calibrators that take one (default 99.99).")
    String percentile;

    @Option(names = "--axis", paramLabel = "K", description = "Per channel along axis K.")
    Integer axis;

    @Option(names = "--shape", paramLabel = "D1,D2,...", description = "Shape of a raw float32 .bin input.")
    String shape;

    @Option(names = "--json", description = "Print a JSON list of rows {scheme, calibrator, bits, scale, zero_point, "
            + "mse, mse_unclipped, sqnr_db, max_abs_error, clipped_fraction}.")
    boolean json;

    private final Quantization quantization;

    @Inject
    EvalCommand(PluginRegistry registry, Quantization quantization) {
        super(registry);
        this.quantization = quantization;
    }

    @Override
    protected int run() {
        Tensor data = FloatInput.read(input, shape, this::warn);
        FloatInput.requireValues(input, data, null); // every row calibrates
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String scheme : schemes) {
            for (String calibrator : calibrators) {
                for (Integer width : bits == null ? Arrays.asList((Integer) null) : bits) {
                    rows.add(evaluate(data, scheme, calibrator, width));
                }
            }
        }
        if (json) {
            printJson(rows);
        } else {
            TextTable table = new TextTable(HEADER);
            for (Map<String, Object> row : rows) {
                table.add(List.of(row.get("scheme").toString(), row.get("calibrator").toString(), row.get("bits").toString(),
                        brief(row.get("scale")), brief(row.get("zero_point")), number(row.get("mse"), "-"),
                        number(row.get("mse_unclipped"), "-"),
                        number(row.get("sqnr_db"), "inf"), number(row.get("max_abs_error"), "-"),
                        String.format(Locale.ROOT, "%.4f", 100 * (Double) row.get("clipped_fraction"))));
            }
            table.print(out());
        }
        return 0;
    }

    private Map<String, Object> evaluate(Tensor data, String scheme, String calibrator, Integer width) {
        Map<String, String> calibratorOptions = new LinkedHashMap<>();
        if (percentile != null && takesPercentile(registry().calibrator(calibrator))) {
            calibratorOptions.put("percentile", percentile);
        }
        QuantizeRequest request = new QuantizeRequest(scheme,
                QuantizeCommand.SchemeFlags.options(registry(), scheme, width, false, false, false, false, null),
                calibrator, calibratorOptions, null, axis == null ? OptionalInt.empty() : OptionalInt.of(axis));
        QuantParams params = quantization.params(data, request);
        Tensor codes = quantization.quantize(data, params);
        ErrorMetrics metrics = ErrorMetrics.measure(data,
                quantization.dequantize(codes, params, FloatInput.floatTypeOf(data)), params);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scheme", scheme);
        row.put("calibrator", calibrator);
        row.put("bits", params.bits());
        row.put("scale", params.perChannel() ? params.scales() : (Object) params.scale());
        row.put("zero_point", params.perChannel() ? params.zeroPoints() : (Object) params.zeroPoint());
        row.put("mse", metrics.mse());
        // the rounding error alone, on the values this row does not clip (seed 004's "excluding outlier")
        row.put("mse_unclipped", Double.isNaN(metrics.unclippedMse()) ? null : metrics.unclippedMse());
        // an exact round trip has infinite SQNR, which JSON cannot hold: null there
        row.put("sqnr_db", Double.isInfinite(metrics.sqnrDb()) ? null : metrics.sqnrDb());
        row.put("max_abs_error", metrics.maxAbsError());
        row.put("clipped_fraction", metrics.clippedFraction());
        return row;
    }

    private static boolean takesPercentile(Calibrator calibrator) {
        return calibrator.options().stream().map(OptionSpec::name).anyMatch("percentile"::equals);
    }

    /** A metric with 6 significant digits; null (no finite value) prints as {@code ifNull}. */
    private static String number(Object value, String ifNull) {
        return value == null ? ifNull : String.format(Locale.ROOT, "%.6g", (Double) value);
    }

    private static String brief(Object value) {
        if (value instanceof double[]) {
            return "per-channel(" + ((double[]) value).length + ")";
        }
        if (value instanceof int[]) {
            return "per-channel(" + ((int[]) value).length + ")";
        }
        return value.toString();
    }
}
