package io.quant.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.quant.api.OptionSpec;
import io.quant.api.Options;
import io.quant.api.QuantException;
import io.quant.api.QuantScheme;
import io.quant.api.Quantizer;
import io.quant.api.QuantizerOptions;
import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Ranges;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Quantizer}. Implement it in a test class:
 *
 * <pre>{@code
 * final class Pow2QuantizerContractTest implements QuantizerContract {
 *     public Quantizer plugin() {
 *         return PluginTestKit.quantizer("pow2");
 *     }
 * }
 * }</pre>
 *
 * <p>Every check runs for each of {@link #optionSets()} and each of {@link #ranges()}. The numeric checks
 * assume the linear mapping of ONNX QuantizeLinear ({@code x ~ (q - zero_point) * scale}); a scheme with
 * another mapping overrides the checks that do not apply (an overriding method without {@code @Test} is not
 * run).
 */
public interface QuantizerContract extends PluginContract<Quantizer> {
    /** Slack for float64 round trips, relative to |x| + scale. */
    double FLOAT64_SLACK = 0x1p-40;
    /** Slack for float32 round trips: x / scale and (q - zp) * scale each round once in float32. */
    double FLOAT32_SLACK = 0x1p-20;

    /**
     * Options to configure the scheme with, as a user types them (strings or typed values); each check runs
     * once per set. The default is the plugin's defaults alone.
     */
    default List<Map<String, ?>> optionSets() {
        return List.of(Map.of());
    }

    /** Whether the scheme has an optional behaviour; by default it has them all. */
    default boolean hasBehavior(QuantizerBehavior behavior) {
        return true;
    }

    /** Calibrated ranges the checks turn into params: ordinary, one-sided, far from 0, degenerate, tiny. */
    default List<Ranges> ranges() {
        return List.of(Ranges.of(-1, 1), Ranges.of(-3.7, 12.25), Ranges.of(0, 6), Ranges.of(-5, 0),
                Ranges.of(-0.02, 0.015), Ranges.of(10, 50), Ranges.of(-50, -10), Ranges.of(-1000, 10000),
                Ranges.of(2.5, 2.5), Ranges.of(0, 0), Ranges.of(-1e-9, 1e-9));
    }

    @Test
    default void configuresWithEveryOptionSet() {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            assertThat(scheme).as("scheme of " + options).isNotNull();
            assertThat(scheme.codes()).as("codes of " + options).isNotNull();
            assertThat(quantizer.configure(options).codes()).as("codes of a second scheme for " + options)
                    .isEqualTo(scheme.codes());
        }
    }

    @Test
    default void sharedOptionsHaveTheirStandardMeaning() {
        List<OptionSpec> standard = List.of(QuantizerOptions.bits(8), QuantizerOptions.signed(true),
                QuantizerOptions.narrowRange(), QuantizerOptions.includeZero(), QuantizerOptions.rounding());
        Quantizer quantizer = plugin();
        for (OptionSpec declared : quantizer.options()) {
            for (OptionSpec shared : standard) {
                if (declared.name().equals(shared.name())) {
                    assertThat(declared.type()).as("type of option '" + declared.name()
                            + "' (use QuantizerOptions so that --" + declared.name() + " means the same everywhere)")
                            .isEqualTo(shared.type());
                    assertThat(declared.choices()).as("choices of option '" + declared.name() + "'")
                            .isEqualTo(shared.choices());
                }
            }
        }
    }

    @Test
    default void bitsOutOfRangeAreRejected() {
        Quantizer quantizer = plugin();
        if (quantizer.options().stream().noneMatch(spec -> spec.name().equals(QuantizerOptions.BITS))) {
            return;
        }
        for (int bits : new int[] {0, 17, -8}) {
            Options options = options(quantizer, Map.of(QuantizerOptions.BITS, bits));
            assertThatThrownBy(() -> quantizer.configure(options), "configure with bits " + bits)
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("bits");
        }
    }

    @Test
    default void paramsAreValid() {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            for (Ranges range : ranges()) {
                QuantParams params = scheme.params(range);
                String where = "params of " + options + " for range " + range + ": " + params;
                assertThat(params.perChannel()).as(where + " are per tensor").isFalse();
                assertThat(params.channels()).as(where).isEqualTo(1);
                assertThat(params.scale()).as("scale, " + where).isPositive().isFinite();
                assertThat(params.codes()).as("codes, " + where).isEqualTo(scheme.codes());
                assertThat(params.scheme()).as("scheme name, " + where).isEqualTo(quantizer.name());
                if (options.has(QuantizerOptions.BITS)) {
                    assertThat(params.bits()).as("bits, " + where).isEqualTo(options.getInt(QuantizerOptions.BITS));
                }
                if (options.has(QuantizerOptions.ROUNDING)) {
                    assertThat(params.rounding().displayName()).as("rounding, " + where)
                            .isEqualTo(options.getString(QuantizerOptions.ROUNDING));
                }
                assertThat(scheme.params(range)).as("params asked twice, " + where).isEqualTo(params);
            }
        }
    }

    /** The codes reach the calibrated range to within half a step at either end, so it is not clipped. */
    @Test
    default void calibratedRangeIsRepresentable() {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            for (Ranges range : ranges()) {
                QuantParams params = scheme.params(range);
                double scale = params.scale();
                double slack = scale / 2 + (Math.abs(range.lo(0)) + Math.abs(range.hi(0)) + scale) * FLOAT64_SLACK;
                String where = options + ", range " + range + ": " + params;
                assertThat(lowest(params, 0)).as("lowest representable value, " + where)
                        .isLessThanOrEqualTo(range.lo(0) + slack);
                assertThat(highest(params, 0)).as("highest representable value, " + where)
                        .isGreaterThanOrEqualTo(range.hi(0) - slack);
            }
        }
    }

    @Test
    default void codesStayWithinTheCodeRange() {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            for (Ranges range : ranges()) {
                QuantParams params = scheme.params(range);
                double width = Math.max(1, Math.max(Math.abs(range.lo(0)), Math.abs(range.hi(0))));
                double[] values = Samples.uniform(Samples.random(), 1000, -10 * width, 10 * width);
                double[] extremes = {0.0, -0.0, 1e30, -1e30, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE};
                System.arraycopy(extremes, 0, values, 0, extremes.length);
                for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    Tensor x = Samples.tensor(dtype, Shape.of(values.length), values);
                    Tensor codes = scheme.quantize(x, params);
                    checkCodes(codes, x, params, options + ", range " + range + ", " + dtype + " data");
                }
            }
        }
    }

    /** |dequantize(quantize(x)) - x| <= scale / 2 for every x the codes can represent. */
    @Test
    default void roundTripIsWithinHalfAStep() {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            for (Ranges range : ranges()) {
                QuantParams params = scheme.params(range);
                double[] values = representable(params, Shape.of(1000), Samples.random());
                for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    checkRoundTrip(scheme, params, Samples.tensor(dtype, Shape.of(values.length), values),
                            options + ", range " + range);
                }
            }
        }
    }

    @Test
    default void zeroIsExact() {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            boolean always = hasBehavior(QuantizerBehavior.ZERO_ALWAYS_EXACT)
                    && !(options.has(QuantizerOptions.INCLUDE_ZERO) && !options.getBoolean(QuantizerOptions.INCLUDE_ZERO));
            for (Ranges range : ranges()) {
                if (!always && (range.lo(0) > 0 || range.hi(0) < 0)) {
                    continue;
                }
                QuantParams params = scheme.params(range);
                for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    Tensor zero = Samples.tensor(dtype, Shape.of(2), new double[] {0.0, -0.0});
                    Tensor back = scheme.dequantize(scheme.quantize(zero, params), params, dtype);
                    assertThat(back.getDouble(0)).as("0.0 after a round trip, " + options + ", range " + range
                            + ", " + dtype + ": " + params).isEqualTo(0.0);
                    assertThat(back.getDouble(1)).as("-0.0 after a round trip, " + options + ", range " + range
                            + ", " + dtype + ": " + params).isEqualTo(0.0);
                }
            }
        }
    }

    /** Ranges along axis 1 of a (2, 4, 3) tensor: channels with very different scales, one degenerate. */
    @Test
    default void perChannelParams() {
        double[] lo = {-1, -100, 0, 5};
        double[] hi = {1, 50, 0.01, 8};
        Ranges ranges = Ranges.perChannel(1, lo, hi);
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            if (!hasBehavior(QuantizerBehavior.PER_CHANNEL)) {
                assertThatThrownBy(() -> scheme.params(ranges), "per-channel ranges, declared unsupported")
                        .isInstanceOf(UsageException.class)
                        .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n"));
                continue;
            }
            QuantParams params;
            try {
                params = scheme.params(ranges);
            } catch (UsageException e) {
                throw new AssertionError(PluginTestKit.owner(quantizer) + " refused per-channel ranges (" + e.getMessage()
                        + "): support them, or declare hasBehavior(PER_CHANNEL) false", e);
            }
            String where = "per-channel params of " + options + " for " + ranges + ": " + params;
            assertThat(params.axis()).as(where).hasValue(1);
            assertThat(params.channels()).as(where).isEqualTo(lo.length);
            for (int c = 0; c < lo.length; c++) {
                QuantParams alone = scheme.params(Ranges.of(lo[c], hi[c]));
                assertThat(params.scale(c)).as("scale of channel " + c + " (as its range alone: " + alone + "), " + where)
                        .isEqualTo(alone.scale());
                assertThat(params.zeroPoint(c)).as("zero point of channel " + c + " (as its range alone: " + alone
                        + "), " + where).isEqualTo(alone.zeroPoint());
            }
            Shape shape = Shape.of(2, lo.length, 3);
            double[] values = representable(params, shape, Samples.random());
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                checkRoundTrip(scheme, params, Samples.tensor(dtype, shape, values), options + ", " + ranges);
            }
        }
    }

    /**
     * Input the scheme cannot take fails with a {@link QuantException} (a usage error is one), nothing else.
     * A NaN range or one with lo > hi never reaches a scheme: {@link Ranges} refuses to be built from it.
     */
    @Test
    default void badInputIsRejected() {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            QuantParams params = scheme.params(Ranges.of(-1, 1));
            String where = " (" + options + ")";
            Tensor integers = Tensor.ofInt32(Shape.of(3), 1, 2, 3);
            assertThatThrownBy(() -> scheme.quantize(integers, params), "quantize int32 data" + where)
                    .isInstanceOf(QuantException.class);
            Tensor floats = Tensor.vector(1f, 2f);
            assertThatThrownBy(() -> scheme.dequantize(floats, params, DType.FLOAT32), "dequantize float32 'codes'" + where)
                    .isInstanceOf(QuantException.class);
            Tensor codes = scheme.quantize(Tensor.vector(0.5f, -0.5f), params);
            assertThatThrownBy(() -> scheme.dequantize(codes, params, DType.INT8), "dequantize to int8" + where)
                    .isInstanceOf(QuantException.class);
            Ranges huge = Ranges.of(-Double.MAX_VALUE, Double.MAX_VALUE);
            try {
                QuantParams extreme = scheme.params(huge);
                assertThat(extreme.scale()).as("scale for " + huge + where).isPositive().isFinite();
            } catch (QuantException e) {
                // refusing a range no scale can cover is fine, as long as it is said with a QuantException
                assertThat(e.getMessage()).as("message refusing " + huge + where).isNotBlank();
            }
            if (hasBehavior(QuantizerBehavior.PER_CHANNEL)) {
                QuantParams perChannel = scheme.params(Ranges.perChannel(1, new double[] {-1, -2, -3, -4},
                        new double[] {1, 2, 3, 4}));
                Tensor misfit = Tensor.ofFloat32(Shape.of(4, 3), new float[12]);
                assertThatThrownBy(() -> scheme.quantize(misfit, perChannel),
                        "quantize shape (4, 3) with 4 channels on axis 1" + where).isInstanceOf(QuantException.class);
            }
        }
    }

    @Test
    default void quantizeAndDequantizeLeaveTheirInputAlone() {
        Quantizer quantizer = plugin();
        QuantScheme scheme = quantizer.configure(options(quantizer, optionSets().get(0)));
        QuantParams params = scheme.params(Ranges.of(-3, 5));
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Samples.tensor(dtype, Shape.of(200), Samples.uniform(Samples.random(), 200, -6, 6));
            Tensor before = x.copy();
            Tensor codes = scheme.quantize(x, params);
            assertThat(x).as("data after quantize").isEqualTo(before);
            Tensor codesBefore = codes.copy();
            scheme.dequantize(codes, params, dtype);
            assertThat(codes).as("codes after dequantize").isEqualTo(codesBefore);
        }
    }

    /** One scheme shared by several threads gives each the same params and codes as one thread alone. */
    @Test
    default void schemeIsThreadSafe() throws InterruptedException {
        Quantizer quantizer = plugin();
        for (Map<String, ?> raw : optionSets()) {
            Options options = options(quantizer, raw);
            QuantScheme scheme = quantizer.configure(options);
            Tensor x = Samples.tensor(DType.FLOAT32, Shape.of(2000), Samples.uniform(Samples.random(), 2000, -20, 20));
            List<Object> alone = paramsAndCodes(scheme, x);
            for (List<Object> shared : Samples.onThreads(() -> paramsAndCodes(scheme, x))) {
                assertThat(shared).as("params and codes computed on several threads, " + options).isEqualTo(alone);
            }
        }
    }

    private List<Object> paramsAndCodes(QuantScheme scheme, Tensor x) {
        List<Object> results = new ArrayList<>();
        for (Ranges range : ranges()) {
            QuantParams params = scheme.params(range);
            results.add(params);
            results.add(scheme.quantize(x, params));
        }
        return results;
    }

    private Options options(Quantizer quantizer, Map<String, ?> raw) {
        try {
            return PluginTestKit.options(quantizer, raw);
        } catch (UsageException e) {
            throw new AssertionError("option set " + raw + " of the contract test does not parse: " + e.getMessage(), e);
        }
    }

    /** (qmin - zp) * scale: the lowest value channel {@code c} can represent. */
    private static double lowest(QuantParams params, int c) {
        return ((double) params.qmin() - params.zeroPoint(c)) * params.scale(c);
    }

    private static double highest(QuantParams params, int c) {
        return ((double) params.qmax() - params.zeroPoint(c)) * params.scale(c);
    }

    /**
     * Values for a tensor of {@code shape}, each inside what its channel can represent: uniform draws, the
     * two ends, and every tenth one a tie halfway between two codes.
     */
    private static double[] representable(QuantParams params, Shape shape, SplittableRandom random) {
        int[] channels = params.perChannel() ? Samples.channels(shape, params.axis().getAsInt()) : new int[shape.size()];
        double[] values = new double[shape.size()];
        for (int i = 0; i < values.length; i++) {
            int c = channels[i];
            double lo = lowest(params, c);
            double hi = highest(params, c);
            if (i < 2 * params.channels()) {
                values[i] = i % 2 == 0 ? lo : hi;
            } else if (i % 10 == 0) {
                long code = params.qmin() + random.nextLong(params.codes().span());
                values[i] = (code - params.zeroPoint(c) + 0.5) * params.scale(c);
            } else {
                values[i] = lo + random.nextDouble() * (hi - lo);
            }
        }
        return values;
    }

    private static void checkCodes(Tensor codes, Tensor x, QuantParams params, String where) {
        assertThat(codes.dtype()).as("dtype of the codes, " + where).isEqualTo(params.dtype());
        assertThat(codes.shape()).as("shape of the codes, " + where).isEqualTo(x.shape());
        for (int i = 0; i < codes.size(); i++) {
            long code = codes.getLong(i);
            if (code < params.qmin() || code > params.qmax()) {
                fail("code " + code + " of x[" + i + "] = " + x.getDouble(i) + " is outside [" + params.qmin() + ", "
                        + params.qmax() + "], " + where + ": " + params);
            }
        }
    }

    private static void checkRoundTrip(QuantScheme scheme, QuantParams params, Tensor x, String where) {
        String context = where + ", " + x.dtype() + " data";
        Tensor codes = scheme.quantize(x, params);
        checkCodes(codes, x, params, context);
        Tensor back = scheme.dequantize(codes, params, x.dtype());
        assertThat(back.dtype()).as("dtype of the dequantized values, " + context).isEqualTo(x.dtype());
        assertThat(back.shape()).as("shape of the dequantized values, " + context).isEqualTo(x.shape());
        double relative = x.dtype() == DType.FLOAT32 ? FLOAT32_SLACK : FLOAT64_SLACK;
        int[] channels = params.perChannel() ? Samples.channels(x.shape(), params.axis().getAsInt()) : new int[x.size()];
        for (int i = 0; i < x.size(); i++) {
            double scale = params.scale(channels[i]);
            double value = x.getDouble(i);
            double error = Math.abs(back.getDouble(i) - value);
            if (!(error <= scale / 2 + (Math.abs(value) + scale) * relative)) {
                fail("x[" + i + "] = " + value + " came back as " + back.getDouble(i) + " (code " + codes.getLong(i)
                        + "), off by " + error + ", more than half a step of " + scale + ", " + context + ": " + params);
            }
        }
    }
}
