package io.quant.api.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant.api.tensor.Rounding;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scalar and the Vector API loops against each other (same bits) and against the definition written
 * here independently: {@code clamp(round(x / scale) + zp, qmin, qmax)} with the rounding taken in float64.
 */
final class LinearKernelsTest {
    private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;
    private static LinearKernels vector;

    /** The code ranges of CONVENTIONS.md: {qmin, qmax, storage bits}. */
    private static final int[][] RANGES = {
        {0, 255, 8}, {-128, 127, 8}, {-127, 127, 8}, {1, 255, 8}, {0, 15, 8}, {-8, 7, 8}, {0, 1, 8},
        {0, 65535, 16}, {-32768, 32767, 16}, {-32767, 32767, 16}, {0, 4095, 16},
    };

    @BeforeAll
    static void loadVectorKernels() throws InterruptedException {
        // the build adds the module (surefire's argLine) and this machine has 256-bit vectors (AVX2):
        // the comparison below must not silently compare the scalar loops with themselves
        vector = VectorKernels.createOrNull();
        if (FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256) {
            assertThat(vector).isNotNull();
            // scalar first, then the vector kernels once the warm-up thread has seen C2 compile them
            String name = "vector " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!LinearQuantization.kernels().equals(name) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(LinearQuantization.kernels()).isEqualTo(name);
        }
    }

    @Test
    void roundsHandPickedTiesAndSaturates() {
        // scale 0.5, zero point 3, int8: x / 0.5 = -2.5 -> -2 (even) or -3 (away), + 3 = 1 or 0;
        // 1.25 / 0.5 = 2.5 -> 2 or 3, + 3 = 5 or 6; 0.75 -> 1.5 -> 2 either way, + 3 = 5; 100 -> 127; -100 -> -128
        float[] x = {-1.25f, 1.25f, 0.75f, 100f, -100f, -0.25f, 0.25f, 0f};
        byte[] even = new byte[x.length];
        byte[] away = new byte[x.length];
        for (LinearKernels kernels : kernels()) {
            kernels.quantize(x, 0, x.length, 0.5f, -128 - 3, 127 - 3, 3, true, even);
            kernels.quantize(x, 0, x.length, 0.5f, -128 - 3, 127 - 3, 3, false, away);
            assertThat(even).containsExactly(1, 5, 5, 127, -128, 3, 3, 3);
            // -0.25 / 0.5 = -0.5 -> -1 away, + 3 = 2; 0.25 -> 0.5 -> 1, + 3 = 4
            assertThat(away).containsExactly(0, 6, 5, 127, -128, 2, 4, 3);
        }
    }

    @Test
    void largestFloatBelowOneHalfRoundsDown() {
        // 0.49999997f + 0.5f is 1.0f in float32: the floor(x + 0.5) trick would give 1
        float[] x = new float[40];
        java.util.Arrays.fill(x, 0.49999997f);
        byte[] codes = new byte[x.length];
        for (LinearKernels kernels : kernels()) {
            kernels.quantize(x, 0, x.length, 1f, -128, 127, 0, false, codes);
            assertThat(codes).containsOnly(0);
        }
    }

    @Test
    void floatDataGivesTheSameCodesOnBothPathsAndMatchesTheDefinition() {
        Random random = new Random(20240601);
        for (int trial = 0; trial < 400; trial++) {
            int[] range = RANGES[trial % RANGES.length];
            int length = 1 + random.nextInt(300);
            int from = random.nextInt(9);
            float scale = (float) scaleFor(random, range);
            int zeroPoint = zeroPointFor(random, range);
            float[] x = data(random, from + length, scale, zeroPoint, range);
            for (boolean halfEven : new boolean[] {true, false}) {
                long[] expected = new long[from + length];
                for (int i = from; i < from + length; i++) {
                    expected[i] = definition(x[i] / scale, zeroPoint, range, halfEven);
                }
                long[] scalar = quantize(SCALAR, x, from, scale, zeroPoint, range, halfEven);
                assertThat(scalar).as("scalar, trial %d", trial).isEqualTo(expected);
                if (vector != null) {
                    assertThat(quantize(vector, x, from, scale, zeroPoint, range, halfEven))
                            .as("vector, trial %d", trial).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void doubleDataGivesTheSameCodesOnBothPathsAndMatchesTheDefinition() {
        Random random = new Random(7);
        for (int trial = 0; trial < 400; trial++) {
            int[] range = RANGES[trial % RANGES.length];
            int length = 1 + random.nextInt(300);
            int from = random.nextInt(9);
            double scale = scaleFor(random, range);
            int zeroPoint = zeroPointFor(random, range);
            float[] f = data(random, from + length, (float) scale, zeroPoint, range);
            double[] x = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                // float64 ties: exact multiples of scale / 2 where scale is a power of two
                x[i] = trial % 3 == 0 ? f[i] : f[i] + random.nextDouble() * 1e-3;
            }
            for (boolean halfEven : new boolean[] {true, false}) {
                long[] expected = new long[from + length];
                for (int i = from; i < from + length; i++) {
                    expected[i] = definition(x[i] / scale, zeroPoint, range, halfEven);
                }
                assertThat(quantize(SCALAR, x, from, scale, zeroPoint, range, halfEven))
                        .as("scalar, trial %d", trial).isEqualTo(expected);
                if (vector != null) {
                    assertThat(quantize(vector, x, from, scale, zeroPoint, range, halfEven))
                            .as("vector, trial %d", trial).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void dequantizeGivesTheSameBitsOnBothPaths() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int[] range = RANGES[trial % RANGES.length];
            int length = 1 + random.nextInt(300);
            int zeroPoint = zeroPointFor(random, range);
            double scale = scaleFor(random, range);
            int mask = range[0] >= 0 ? (range[2] == 8 ? 0xFF : 0xFFFF) : -1;
            int[] values = new int[length];
            for (int i = 0; i < length; i++) {
                values[i] = range[0] + random.nextInt(range[1] - range[0] + 1);
            }
            float[] expectedFloats = new float[length];
            double[] expectedDoubles = new double[length];
            for (int i = 0; i < length; i++) {
                expectedFloats[i] = (float) ((long) values[i] - zeroPoint) * (float) scale;
                expectedDoubles[i] = (double) ((long) values[i] - zeroPoint) * scale;
            }
            for (LinearKernels kernels : kernels()) {
                float[] floats = new float[length];
                double[] doubles = new double[length];
                if (range[2] == 8) {
                    byte[] codes = new byte[length];
                    for (int i = 0; i < length; i++) {
                        codes[i] = (byte) values[i];
                    }
                    kernels.dequantize(codes, 0, length, mask, zeroPoint, (float) scale, floats);
                    kernels.dequantize(codes, 0, length, mask, zeroPoint, scale, doubles);
                } else {
                    short[] codes = new short[length];
                    for (int i = 0; i < length; i++) {
                        codes[i] = (short) values[i];
                    }
                    kernels.dequantize(codes, 0, length, mask, zeroPoint, (float) scale, floats);
                    kernels.dequantize(codes, 0, length, mask, zeroPoint, scale, doubles);
                }
                assertThat(floats).as("%s, trial %d", kernels.name(), trial).isEqualTo(expectedFloats);
                assertThat(doubles).as("%s, trial %d", kernels.name(), trial).isEqualTo(expectedDoubles);
            }
        }
    }

    @Test
    void sameCodesOnceTheJitHasCompiledBothPaths() {
        // long loops, many rounds: C2 compiles both kernels (with the Vector API intrinsics) part way
        // through, and every round after that must still give the definition's codes
        Random random = new Random(99);
        int[] uint8 = RANGES[0];
        int[] int8 = RANGES[1];
        for (int round = 0; round < 40; round++) {
            float scale = round % 2 == 0 ? 0.03125f : 0.0173f;
            float[] x = data(random, 65_536 + round, scale, 120, uint8);
            double[] x64 = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x64[i] = x[i];
            }
            boolean halfEven = round % 4 < 2;
            long[] expected = new long[x.length];
            long[] expected64 = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = definition(x[i] / scale, 120, uint8, halfEven);
                expected64[i] = definition(x64[i] / scale, -3, int8, halfEven);
            }
            for (LinearKernels kernels : kernels()) {
                assertThat(quantize(kernels, x, 0, scale, 120, uint8, halfEven))
                        .as("%s, round %d", kernels.name(), round).isEqualTo(expected);
                assertThat(quantize(kernels, x64, 0, scale, -3, int8, halfEven))
                        .as("%s, float64, round %d", kernels.name(), round).isEqualTo(expected64);
            }
        }
    }

    @Test
    void tiledLoopsGiveTheSameBitsAsTheDefinition() {
        // parameters per position of a repeating pattern (per channel with short runs), ranges starting
        // anywhere in the pattern and wrapping around it several times
        Random random = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            int[] range = RANGES[trial % RANGES.length];
            int period = 1 + random.nextInt(70);
            float[] scales = new float[period];
            float[] lo = new float[period];
            float[] hi = new float[period];
            int[] zeroPoints = new int[period];
            for (int p = 0; p < period; p++) {
                scales[p] = (float) scaleFor(random, range);
                zeroPoints[p] = zeroPointFor(random, range);
                lo[p] = range[0] - zeroPoints[p];
                hi[p] = range[1] - zeroPoints[p];
            }
            int from = random.nextInt(20);
            int length = random.nextInt(400);
            int phase = random.nextInt(period);
            float[] x = data(random, from + length, scales[0], zeroPoints[0], range);
            int mask = range[0] >= 0 ? (range[2] == 8 ? 0xFF : 0xFFFF) : -1;
            for (boolean halfEven : new boolean[] {true, false}) {
                long[] expected = new long[from + length];
                float[] expectedFloats = new float[from + length];
                for (int i = from; i < from + length; i++) {
                    int p = (phase + i - from) % period;
                    expected[i] = definition(x[i] / scales[p], zeroPoints[p], range, halfEven);
                    expectedFloats[i] = (float) (expected[i] - zeroPoints[p]) * scales[p];
                }
                for (LinearKernels kernels : kernels()) {
                    long[] codes = new long[from + length];
                    float[] back = new float[from + length];
                    if (range[2] == 8) {
                        byte[] out = new byte[from + length];
                        kernels.quantizeTiled(x, from, from + length, phase, scales, lo, hi, zeroPoints, halfEven, out);
                        kernels.dequantizeTiled(out, from, from + length, phase, mask, zeroPoints, scales, back);
                        for (int i = from; i < out.length; i++) {
                            codes[i] = out[i] & mask;
                        }
                    } else {
                        short[] out = new short[from + length];
                        kernels.quantizeTiled(x, from, from + length, phase, scales, lo, hi, zeroPoints, halfEven, out);
                        kernels.dequantizeTiled(out, from, from + length, phase, mask, zeroPoints, scales, back);
                        for (int i = from; i < out.length; i++) {
                            codes[i] = out[i] & mask;
                        }
                    }
                    assertThat(codes).as("%s, trial %d", kernels.name(), trial).isEqualTo(expected);
                    assertThat(back).as("%s, trial %d", kernels.name(), trial).isEqualTo(expectedFloats);
                }
            }
        }
    }

    private static LinearKernels[] kernels() {
        return vector == null ? new LinearKernels[] {SCALAR} : new LinearKernels[] {SCALAR, vector};
    }

    /** The definition, in float64 as CONVENTIONS.md writes it; {@code v} is x / scale. */
    private static long definition(double v, int zeroPoint, int[] range, boolean halfEven) {
        double rounded = halfEven ? Math.rint(v) : Rounding.halfAway(v);
        return (long) Math.min(Math.max(rounded + zeroPoint, range[0]), range[1]);
    }

    /** Half the scales a power of two (x / scale exact, so ties stay ties), half arbitrary. */
    private static double scaleFor(Random random, int[] range) {
        return random.nextBoolean()
                ? Math.scalb(1.0, random.nextInt(12) - 8)
                : (0.5 + random.nextDouble() * 20) / (range[1] - range[0]);
    }

    /** Zero points inside the codes, at their ends, and outside them (seed 001 has -190). */
    private static int zeroPointFor(Random random, int[] range) {
        return switch (random.nextInt(5)) {
            case 0 -> range[0];
            case 1 -> range[1];
            case 2 -> range[0] - 1 - random.nextInt(300);
            default -> range[0] + random.nextInt(range[1] - range[0] + 1);
        };
    }

    /**
     * Values spread a little beyond the codes (saturation at both ends), a third of them exact ties
     * {@code (k + 0.5) * scale}, some zeros, negative zeros, huge values and infinities; no NaN.
     */
    private static float[] data(Random random, int length, float scale, int zeroPoint, int[] range) {
        float[] x = new float[length];
        double lo = range[0] - zeroPoint;
        double hi = range[1] - zeroPoint;
        double span = hi - lo;
        for (int i = 0; i < length; i++) {
            double q = lo - span * 0.1 + random.nextDouble() * span * 1.2;
            x[i] = switch (random.nextInt(12)) {
                case 0, 1, 2, 3 -> (float) ((Math.floor(q) + 0.5) * scale);
                case 4 -> 0f;
                case 5 -> -0f;
                case 6 -> random.nextBoolean() ? 3.0e38f : -3.0e38f;
                case 7 -> random.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                default -> (float) (q * scale);
            };
        }
        return x;
    }

    private static long[] quantize(LinearKernels kernels, float[] x, int from, float scale, int zeroPoint, int[] range,
            boolean halfEven) {
        int lo = range[0] - zeroPoint;
        int hi = range[1] - zeroPoint;
        long[] result = new long[x.length];
        if (range[2] == 8) {
            byte[] out = new byte[x.length];
            kernels.quantize(x, from, x.length, scale, lo, hi, zeroPoint, halfEven, out);
            for (int i = from; i < x.length; i++) {
                result[i] = range[0] >= 0 ? out[i] & 0xFF : out[i];
            }
        } else {
            short[] out = new short[x.length];
            kernels.quantize(x, from, x.length, scale, lo, hi, zeroPoint, halfEven, out);
            for (int i = from; i < x.length; i++) {
                result[i] = range[0] >= 0 ? out[i] & 0xFFFF : out[i];
            }
        }
        return result;
    }

    private static long[] quantize(LinearKernels kernels, double[] x, int from, double scale, int zeroPoint,
            int[] range, boolean halfEven) {
        int lo = range[0] - zeroPoint;
        int hi = range[1] - zeroPoint;
        long[] result = new long[x.length];
        if (range[2] == 8) {
            byte[] out = new byte[x.length];
            kernels.quantize(x, from, x.length, scale, lo, hi, zeroPoint, halfEven, out);
            for (int i = from; i < x.length; i++) {
                result[i] = range[0] >= 0 ? out[i] & 0xFF : out[i];
            }
        } else {
            short[] out = new short[x.length];
            kernels.quantize(x, from, x.length, scale, lo, hi, zeroPoint, halfEven, out);
            for (int i = from; i < x.length; i++) {
                result[i] = range[0] >= 0 ? out[i] & 0xFFFF : out[i];
            }
        }
        return result;
    }
}
