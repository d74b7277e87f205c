package io.quant.api.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScalarKernels}' operations lane by lane with the incubating Vector API, so that JDK 17, whose C2
 * does not vectorize the scalar loops, runs at the memory-bandwidth limit too. The only class that names
 * {@code jdk.incubator.vector}: {@link LinearQuantization} loads it reflectively and only when that module
 * is in the boot layer ({@code --add-modules jdk.incubator.vector}).
 *
 * <p>Same results bit for bit (LinearKernelsTest compares them): the same division, clamp and rounding
 * additions in the same precision (IEEE arithmetic is the same in a lane as in a register); only the last
 * step, reading the rounded integer, differs in form where a vector conversion would be slow. The tails of
 * each range go to the scalar loops.
 */
final class VectorKernels implements LinearKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** As many double lanes as half the float lanes: two double vectors make one int vector of codes. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();
    /** Byte and short species with one lane per float lane (64 and 128 bits under AVX2); unused below 256 bits. */
    private static final VectorSpecies<Byte> B = LANES < 8 ? ByteVector.SPECIES_64
            : VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE));
    private static final VectorSpecies<Short> S = LANES < 8 ? ShortVector.SPECIES_64
            : VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * Short.SIZE));

    private static final ScalarKernels TAIL = ScalarKernels.INSTANCE;
    /** The bits of {@link ScalarKernels#ROUNDER}: {@code bits(v + ROUNDER) - ROUNDER_BITS} is v rounded. */
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ScalarKernels.ROUNDER);

    private VectorKernels() {}

    /**
     * The kernels, or {@code null} when this machine's vectors are narrower than 256 bits (no byte species
     * of one lane per float lane); the scalar loops are as fast there.
     */
    static LinearKernels createOrNull() {
        return F.vectorBitSize() < 256 ? null : new VectorKernels();
    }

    @Override
    public String name() {
        return "vector " + F.vectorBitSize() + "-bit";
    }

    @Override
    public void quantize(float[] x, int from, int to, float scale, int lo, int hi, int zeroPoint, boolean halfEven,
            byte[] out) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += LANES) {
            codes(FloatVector.fromArray(F, x, i), scale, lo, hi, zeroPoint, halfEven)
                    .convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoArray(out, i);
        }
        TAIL.quantize(x, i, to, scale, lo, hi, zeroPoint, halfEven, out);
    }

    @Override
    public void quantize(float[] x, int from, int to, float scale, int lo, int hi, int zeroPoint, boolean halfEven,
            short[] out) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += LANES) {
            codes(FloatVector.fromArray(F, x, i), scale, lo, hi, zeroPoint, halfEven)
                    .convertShape(VectorOperators.I2S, S, 0).reinterpretAsShorts().intoArray(out, i);
        }
        TAIL.quantize(x, i, to, scale, lo, hi, zeroPoint, halfEven, out);
    }

    @Override
    public void quantize(double[] x, int from, int to, double scale, int lo, int hi, int zeroPoint, boolean halfEven,
            byte[] out) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += LANES) {
            codes(x, i, scale, lo, hi, zeroPoint, halfEven)
                    .convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoArray(out, i);
        }
        TAIL.quantize(x, i, to, scale, lo, hi, zeroPoint, halfEven, out);
    }

    @Override
    public void quantize(double[] x, int from, int to, double scale, int lo, int hi, int zeroPoint, boolean halfEven,
            short[] out) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += LANES) {
            codes(x, i, scale, lo, hi, zeroPoint, halfEven)
                    .convertShape(VectorOperators.I2S, S, 0).reinterpretAsShorts().intoArray(out, i);
        }
        TAIL.quantize(x, i, to, scale, lo, hi, zeroPoint, halfEven, out);
    }

    @Override
    public void dequantize(byte[] codes, int from, int to, int mask, int zeroPoint, float scale, float[] out) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += LANES) {
            IntVector q = (IntVector) ByteVector.fromArray(B, codes, i).convertShape(VectorOperators.B2I, I, 0);
            toFloats(q, mask, zeroPoint, scale).intoArray(out, i);
        }
        TAIL.dequantize(codes, i, to, mask, zeroPoint, scale, out);
    }

    @Override
    public void dequantize(short[] codes, int from, int to, int mask, int zeroPoint, float scale, float[] out) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += LANES) {
            IntVector q = (IntVector) ShortVector.fromArray(S, codes, i).convertShape(VectorOperators.S2I, I, 0);
            toFloats(q, mask, zeroPoint, scale).intoArray(out, i);
        }
        TAIL.dequantize(codes, i, to, mask, zeroPoint, scale, out);
    }

    @Override
    public void dequantize(byte[] codes, int from, int to, int mask, int zeroPoint, double scale, double[] out) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += LANES) {
            IntVector q = (IntVector) ByteVector.fromArray(B, codes, i).convertShape(VectorOperators.B2I, I, 0);
            toDoubles(q, mask, zeroPoint, scale, out, i);
        }
        TAIL.dequantize(codes, i, to, mask, zeroPoint, scale, out);
    }

    @Override
    public void dequantize(short[] codes, int from, int to, int mask, int zeroPoint, double scale, double[] out) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += LANES) {
            IntVector q = (IntVector) ShortVector.fromArray(S, codes, i).convertShape(VectorOperators.S2I, I, 0);
            toDoubles(q, mask, zeroPoint, scale, out, i);
        }
        TAIL.dequantize(codes, i, to, mask, zeroPoint, scale, out);
    }

    @Override
    public void quantizeTiled(float[] x, int from, int to, int phase, float[] scales, float[] lo, float[] hi,
            int[] zeroPoints, boolean halfEven, byte[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            int k = 0;
            for (int bound = F.loopBound(n); k < bound; k += LANES) {
                tiledCodes(x, i + k, scales, lo, hi, zeroPoints, p + k, halfEven)
                        .convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoArray(out, i + k);
            }
            TAIL.quantizeTiled(x, i + k, i + n, p + k, scales, lo, hi, zeroPoints, halfEven, out);
            i += n;
        }
    }

    @Override
    public void quantizeTiled(float[] x, int from, int to, int phase, float[] scales, float[] lo, float[] hi,
            int[] zeroPoints, boolean halfEven, short[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            int k = 0;
            for (int bound = F.loopBound(n); k < bound; k += LANES) {
                tiledCodes(x, i + k, scales, lo, hi, zeroPoints, p + k, halfEven)
                        .convertShape(VectorOperators.I2S, S, 0).reinterpretAsShorts().intoArray(out, i + k);
            }
            TAIL.quantizeTiled(x, i + k, i + n, p + k, scales, lo, hi, zeroPoints, halfEven, out);
            i += n;
        }
    }

    @Override
    public void dequantizeTiled(byte[] codes, int from, int to, int phase, int mask, int[] zeroPoints, float[] scales,
            float[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            int k = 0;
            for (int bound = F.loopBound(n); k < bound; k += LANES) {
                IntVector q = (IntVector) ByteVector.fromArray(B, codes, i + k).convertShape(VectorOperators.B2I, I, 0);
                tiledFloats(q, mask, zeroPoints, scales, p + k).intoArray(out, i + k);
            }
            TAIL.dequantizeTiled(codes, i + k, i + n, p + k, mask, zeroPoints, scales, out);
            i += n;
        }
    }

    @Override
    public void dequantizeTiled(short[] codes, int from, int to, int phase, int mask, int[] zeroPoints, float[] scales,
            float[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            int k = 0;
            for (int bound = F.loopBound(n); k < bound; k += LANES) {
                IntVector q = (IntVector) ShortVector.fromArray(S, codes, i + k).convertShape(VectorOperators.S2I, I, 0);
                tiledFloats(q, mask, zeroPoints, scales, p + k).intoArray(out, i + k);
            }
            TAIL.dequantizeTiled(codes, i + k, i + n, p + k, mask, zeroPoints, scales, out);
            i += n;
        }
    }

    /** The codes of x[i ..] with the parameters of tile positions p ..: one scale, bound and zero point per lane. */
    private static IntVector tiledCodes(float[] x, int i, float[] scales, float[] lo, float[] hi, int[] zeroPoints,
            int p, boolean halfEven) {
        FloatVector v = FloatVector.fromArray(F, x, i).div(FloatVector.fromArray(F, scales, p))
                .max(FloatVector.fromArray(F, lo, p)).min(FloatVector.fromArray(F, hi, p));
        return rounded(v, halfEven).add(IntVector.fromArray(I, zeroPoints, p));
    }

    private static FloatVector tiledFloats(IntVector q, int mask, int[] zeroPoints, float[] scales, int p) {
        return ((FloatVector) q.and(mask).sub(IntVector.fromArray(I, zeroPoints, p)).convert(VectorOperators.I2F, 0))
                .mul(FloatVector.fromArray(F, scales, p));
    }

    /**
     * {@link ScalarKernels#even(float, float, float)} or {@code away} of {@code x / scale}, plus the zero
     * point.
     */
    private static IntVector codes(FloatVector x, float scale, int lo, int hi, int zeroPoint, boolean halfEven) {
        return rounded(x.div(scale).max(lo).min(hi), halfEven).add(zeroPoint);
    }

    /**
     * {@code v} (already clamped to at most 2^22 in magnitude) rounded to an integer. The integer is read
     * from the bits of {@code v + ROUNDER} (in [2^23, 2^24] the low mantissa bits are the integer, offset by
     * 2^22) rather than converted with F2I, which C2 does not intrinsify on AVX2.
     */
    private static IntVector rounded(FloatVector v, boolean halfEven) {
        FloatVector t = v.add(ScalarKernels.ROUNDER);
        if (!halfEven) {
            // a tie (|v - r| = 0.5) steps to v + copySign(0.5, v); v is never 0 there, t + 1 stays exact
            FloatVector d = v.sub(t.sub(ScalarKernels.ROUNDER));
            FloatVector half = FloatVector.broadcast(F, 0.5f).blend(-0.5f, v.lt(0f));
            t = t.add(d.add(half), d.abs().eq(0.5f));
        }
        return ((IntVector) t.reinterpretAsInts()).sub(ROUNDER_BITS);
    }

    /**
     * The codes of {@code x[i .. i + LANES)}: two double vectors, each rounded in float64, narrowed to float
     * (exact: integers of magnitude at most 2^22) into one float vector, then read as {@link #codes} reads.
     */
    private static IntVector codes(double[] x, int i, double scale, int lo, int hi, int zeroPoint, boolean halfEven) {
        FloatVector first = (FloatVector) rounded(DoubleVector.fromArray(D, x, i), scale, lo, hi, halfEven)
                .convertShape(VectorOperators.D2F, F, 0);
        FloatVector second = (FloatVector) rounded(DoubleVector.fromArray(D, x, i + D.length()), scale, lo, hi, halfEven)
                .convertShape(VectorOperators.D2F, F, -1);
        // each fills its half of the lanes and leaves 0 in the other half; the sum is an integer, rounding keeps it
        return rounded(first.add(second), true).add(zeroPoint);
    }

    private static DoubleVector rounded(DoubleVector x, double scale, int lo, int hi, boolean halfEven) {
        DoubleVector v = x.div(scale).max(lo).min(hi);
        DoubleVector r = v.add(ScalarKernels.ROUNDER64).sub(ScalarKernels.ROUNDER64);
        if (!halfEven) {
            DoubleVector d = v.sub(r);
            DoubleVector half = DoubleVector.broadcast(D, 0.5).blend(-0.5, v.lt(0.0));
            VectorMask<Double> tie = d.abs().eq(0.5);
            r = r.add(d.add(half), tie);
        }
        return r;
    }

    private static FloatVector toFloats(IntVector q, int mask, int zeroPoint, float scale) {
        return ((FloatVector) q.and(mask).sub(zeroPoint).convert(VectorOperators.I2F, 0)).mul(scale);
    }

    private static void toDoubles(IntVector q, int mask, int zeroPoint, double scale, double[] out, int i) {
        IntVector centered = q.and(mask).sub(zeroPoint);
        ((DoubleVector) centered.convertShape(VectorOperators.I2D, D, 0)).mul(scale).intoArray(out, i);
        ((DoubleVector) centered.convertShape(VectorOperators.I2D, D, 1)).mul(scale).intoArray(out, i + D.length());
    }
}
