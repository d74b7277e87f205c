package io.quant.api.kernel;

/**
 * The element loops of {@link LinearQuantization}, over {@code [from, to)} of arrays that share indices,
 * with one scale and zero point. Two implementations give bit-identical results: {@link ScalarKernels}
 * (plain loops the JIT may vectorize) and {@code VectorKernels} (the incubating Vector API, used only when
 * {@code jdk.incubator.vector} is in the boot layer).
 *
 * <p>Quantize loops take the clamp bounds relative to the zero point, {@code lo = qmin - zeroPoint} and
 * {@code hi = qmax - zeroPoint}, with {@code |lo|, |hi| <= }{@link ScalarKernels#FAST_LIMIT}: clamping
 * {@code x / scale} to [lo, hi] before rounding equals clamping the rounded code to [qmin, qmax] after
 * adding the zero point (rounding is monotone and keeps integers), and keeps the value small enough for
 * exact rounding by adding 1.5 * 2^23 (2^52 in float64). Dequantize loops need
 * {@code |zeroPoint| <= }{@link ScalarKernels#FAST_LIMIT} so that {@code code - zeroPoint} fits an int.
 * {@link LinearQuantization} sends everything else to its exact general loops.
 */
interface LinearKernels {
    /** "scalar", or "vector" with its width, for benchmark tables and bug reports. */
    String name();

    void quantize(float[] x, int from, int to, float scale, int lo, int hi, int zeroPoint, boolean halfEven, byte[] out);

    void quantize(float[] x, int from, int to, float scale, int lo, int hi, int zeroPoint, boolean halfEven, short[] out);

    void quantize(double[] x, int from, int to, double scale, int lo, int hi, int zeroPoint, boolean halfEven, byte[] out);

    void quantize(double[] x, int from, int to, double scale, int lo, int hi, int zeroPoint, boolean halfEven, short[] out);

    /**
     * {@code out[i] = (float) ((code & mask) - zeroPoint) * scale}; {@code mask} widens a code: 0xFF for
     * uint8, 0xFFFF for uint16, -1 for signed codes.
     */
    void dequantize(byte[] codes, int from, int to, int mask, int zeroPoint, float scale, float[] out);

    void dequantize(short[] codes, int from, int to, int mask, int zeroPoint, float scale, float[] out);

    void dequantize(byte[] codes, int from, int to, int mask, int zeroPoint, double scale, double[] out);

    void dequantize(short[] codes, int from, int to, int mask, int zeroPoint, double scale, double[] out);

    /**
     * Per channel with short runs: parameters given per element of one period of the layout (the channel
     * pattern repeats every {@code scales.length} elements); {@code phase} is the position of {@code from}
     * in it. Every channel must be fit for the fast loops.
     */
    void quantizeTiled(float[] x, int from, int to, int phase, float[] scales, float[] lo, float[] hi,
            int[] zeroPoints, boolean halfEven, byte[] out);

    void quantizeTiled(float[] x, int from, int to, int phase, float[] scales, float[] lo, float[] hi,
            int[] zeroPoints, boolean halfEven, short[] out);

    /** {@code mask} widens a code: 0xFF for uint8, 0xFFFF for uint16, -1 for signed codes. */
    void dequantizeTiled(byte[] codes, int from, int to, int phase, int mask, int[] zeroPoints, float[] scales,
            float[] out);

    void dequantizeTiled(short[] codes, int from, int to, int phase, int mask, int[] zeroPoints, float[] scales,
            float[] out);
}
