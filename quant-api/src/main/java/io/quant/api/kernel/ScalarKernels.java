package io.quant.api.kernel;

import io.quant.api.tensor.Rounding;

/**
 * Plain loops over primitive arrays, written so that C2 can vectorize them (JDK 21+ does for the half-even
 * loops): no branch in the body, rounding by adding a power-of-two constant, unsigned widening by a mask.
 * {@code VectorKernels} computes the same operations lane by lane and uses the methods here for its tails.
 */
final class ScalarKernels implements LinearKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    /** Largest |qmin - zeroPoint|, |qmax - zeroPoint| (and |zeroPoint| to dequantize) the fast loops take. */
    static final int FAST_LIMIT = 1 << 22;
    /**
     * 1.5 * 2^23: for |v| <= 2^22, {@code v + ROUNDER} lies in [2^23, 2^24) where a float's spacing is 1,
     * so the addition rounds v to an integer in the FPU's mode, ties to even, and subtracting it back is exact.
     */
    static final float ROUNDER = 0x1.8p23f;
    /** The same for float64: spacing 1 in [2^52, 2^53). */
    static final double ROUNDER64 = 0x1.8p52;

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void quantize(float[] x, int from, int to, float scale, int lo, int hi, int zeroPoint, boolean halfEven,
            byte[] out) {
        float l = lo;
        float h = hi;
        // two loops, not a test per element: the half-even one has no branch and vectorizes
        if (halfEven) {
            for (int i = from; i < to; i++) {
                out[i] = (byte) (even(x[i] / scale, l, h) + zeroPoint);
            }
        } else {
            for (int i = from; i < to; i++) {
                out[i] = (byte) (away(x[i] / scale, l, h) + zeroPoint);
            }
        }
    }

    @Override
    public void quantize(float[] x, int from, int to, float scale, int lo, int hi, int zeroPoint, boolean halfEven,
            short[] out) {
        float l = lo;
        float h = hi;
        if (halfEven) {
            for (int i = from; i < to; i++) {
                out[i] = (short) (even(x[i] / scale, l, h) + zeroPoint);
            }
        } else {
            for (int i = from; i < to; i++) {
                out[i] = (short) (away(x[i] / scale, l, h) + zeroPoint);
            }
        }
    }

    @Override
    public void quantize(double[] x, int from, int to, double scale, int lo, int hi, int zeroPoint, boolean halfEven,
            byte[] out) {
        double l = lo;
        double h = hi;
        if (halfEven) {
            for (int i = from; i < to; i++) {
                out[i] = (byte) (even(x[i] / scale, l, h) + zeroPoint);
            }
        } else {
            for (int i = from; i < to; i++) {
                out[i] = (byte) (away(x[i] / scale, l, h) + zeroPoint);
            }
        }
    }

    @Override
    public void quantize(double[] x, int from, int to, double scale, int lo, int hi, int zeroPoint, boolean halfEven,
            short[] out) {
        double l = lo;
        double h = hi;
        if (halfEven) {
            for (int i = from; i < to; i++) {
                out[i] = (short) (even(x[i] / scale, l, h) + zeroPoint);
            }
        } else {
            for (int i = from; i < to; i++) {
                out[i] = (short) (away(x[i] / scale, l, h) + zeroPoint);
            }
        }
    }

    @Override
    public void dequantize(byte[] codes, int from, int to, int mask, int zeroPoint, float scale, float[] out) {
        for (int i = from; i < to; i++) {
            out[i] = (float) ((codes[i] & mask) - zeroPoint) * scale;
        }
    }

    @Override
    public void dequantize(short[] codes, int from, int to, int mask, int zeroPoint, float scale, float[] out) {
        for (int i = from; i < to; i++) {
            out[i] = (float) ((codes[i] & mask) - zeroPoint) * scale;
        }
    }

    @Override
    public void dequantize(byte[] codes, int from, int to, int mask, int zeroPoint, double scale, double[] out) {
        for (int i = from; i < to; i++) {
            out[i] = (double) ((codes[i] & mask) - zeroPoint) * scale;
        }
    }

    @Override
    public void dequantize(short[] codes, int from, int to, int mask, int zeroPoint, double scale, double[] out) {
        for (int i = from; i < to; i++) {
            out[i] = (double) ((codes[i] & mask) - zeroPoint) * scale;
        }
    }

    /** {@code q} clamped to [lo, hi] and rounded half to even; |lo|, |hi| <= 2^22. */
    static int even(float q, float lo, float hi) {
        float v = Math.min(Math.max(q, lo), hi);
        return (int) ((v + ROUNDER) - ROUNDER);
    }

    /**
     * {@code q} clamped to [lo, hi] and rounded half away from zero: round half to even, and where that
     * left an exact tie (|v - r| = 0.5, the only case the two differ), step to {@code v + copySign(0.5, v)}.
     * Branch-free, so that the loop still vectorizes.
     */
    static int away(float q, float lo, float hi) {
        float v = Math.min(Math.max(q, lo), hi);
        float r = (v + ROUNDER) - ROUNDER;
        float d = v - r; // exact, in [-0.5, 0.5]
        float tie = (int) (Math.abs(d) * 2f); // 1 on a tie, else 0
        return (int) (r + tie * (d + Math.copySign(0.5f, v)));
    }

    static int even(double q, double lo, double hi) {
        double v = Math.min(Math.max(q, lo), hi);
        return (int) ((v + ROUNDER64) - ROUNDER64);
    }

    static int away(double q, double lo, double hi) {
        double v = Math.min(Math.max(q, lo), hi);
        double r = (v + ROUNDER64) - ROUNDER64;
        double d = v - r;
        double tie = (int) (Math.abs(d) * 2.0);
        return (int) (r + tie * (d + Math.copySign(0.5, v)));
    }

    // ---- per channel with a short inner stride: the parameters repeat with a period of channels * inner
    // (or a multiple of it), expanded to one entry per position of the period (p = phase of x[from]);
    // float64 data has no vector form, so these are plain static methods

    @Override
    public void quantizeTiled(float[] x, int from, int to, int phase, float[] scales, float[] lo, float[] hi,
            int[] zeroPoints, boolean halfEven, byte[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            if (halfEven) {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (byte) (even(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (byte) (away(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            }
            i += n;
        }
    }

    @Override
    public void quantizeTiled(float[] x, int from, int to, int phase, float[] scales, float[] lo, float[] hi,
            int[] zeroPoints, boolean halfEven, short[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            if (halfEven) {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (short) (even(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (short) (away(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            }
            i += n;
        }
    }

    static void quantizeTiled(double[] x, int from, int to, int phase, double[] scales, double[] lo, double[] hi,
            int[] zeroPoints, boolean halfEven, byte[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            if (halfEven) {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (byte) (even(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (byte) (away(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            }
            i += n;
        }
    }

    static void quantizeTiled(double[] x, int from, int to, int phase, double[] scales, double[] lo, double[] hi,
            int[] zeroPoints, boolean halfEven, short[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            if (halfEven) {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (short) (even(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    out[i + k] = (short) (away(x[i + k] / scales[p + k], lo[p + k], hi[p + k]) + zeroPoints[p + k]);
                }
            }
            i += n;
        }
    }

    @Override
    public void dequantizeTiled(byte[] codes, int from, int to, int phase, int mask, int[] zeroPoints, float[] scales,
            float[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            for (int k = 0; k < n; k++) {
                out[i + k] = (float) ((codes[i + k] & mask) - zeroPoints[p + k]) * scales[p + k];
            }
            i += n;
        }
    }

    @Override
    public void dequantizeTiled(short[] codes, int from, int to, int phase, int mask, int[] zeroPoints, float[] scales,
            float[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            for (int k = 0; k < n; k++) {
                out[i + k] = (float) ((codes[i + k] & mask) - zeroPoints[p + k]) * scales[p + k];
            }
            i += n;
        }
    }

    static void dequantizeTiled(byte[] codes, int from, int to, int phase, int mask, int[] zeroPoints, double[] scales,
            double[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            for (int k = 0; k < n; k++) {
                out[i + k] = (double) ((codes[i + k] & mask) - zeroPoints[p + k]) * scales[p + k];
            }
            i += n;
        }
    }

    static void dequantizeTiled(short[] codes, int from, int to, int phase, int mask, int[] zeroPoints, double[] scales,
            double[] out) {
        int period = scales.length;
        for (int i = from, p = phase; i < to; p = 0) {
            int n = Math.min(to - i, period - p);
            for (int k = 0; k < n; k++) {
                out[i + k] = (double) ((codes[i + k] & mask) - zeroPoints[p + k]) * scales[p + k];
            }
            i += n;
        }
    }

    // ---- the general loops: any zero point, int32 codes; exactly the definition, in float64

    /** One code: {@code clamp(round(v) + zeroPoint, qmin, qmax)} with the sum taken in float64. */
    static int generalCode(double v, int zeroPoint, int qmin, int qmax, Rounding rounding) {
        double r = rounding.round(v) + zeroPoint;
        return (int) Math.min(Math.max(r, qmin), qmax);
    }

    static void generalQuantize(float[] x, int from, int to, float scale, int zeroPoint, int qmin, int qmax,
            Rounding rounding, Object out) {
        if (out instanceof byte[]) {
            byte[] codes = (byte[]) out;
            for (int i = from; i < to; i++) {
                codes[i] = (byte) generalCode(x[i] / scale, zeroPoint, qmin, qmax, rounding);
            }
        } else if (out instanceof short[]) {
            short[] codes = (short[]) out;
            for (int i = from; i < to; i++) {
                codes[i] = (short) generalCode(x[i] / scale, zeroPoint, qmin, qmax, rounding);
            }
        } else {
            int[] codes = (int[]) out;
            for (int i = from; i < to; i++) {
                codes[i] = generalCode(x[i] / scale, zeroPoint, qmin, qmax, rounding);
            }
        }
    }

    static void generalQuantize(double[] x, int from, int to, double scale, int zeroPoint, int qmin, int qmax,
            Rounding rounding, Object out) {
        if (out instanceof byte[]) {
            byte[] codes = (byte[]) out;
            for (int i = from; i < to; i++) {
                codes[i] = (byte) generalCode(x[i] / scale, zeroPoint, qmin, qmax, rounding);
            }
        } else if (out instanceof short[]) {
            short[] codes = (short[]) out;
            for (int i = from; i < to; i++) {
                codes[i] = (short) generalCode(x[i] / scale, zeroPoint, qmin, qmax, rounding);
            }
        } else {
            int[] codes = (int[]) out;
            for (int i = from; i < to; i++) {
                codes[i] = generalCode(x[i] / scale, zeroPoint, qmin, qmax, rounding);
            }
        }
    }

    /** {@code (code - zeroPoint) * scale} with the difference in 64 bits: any zero point, int32 codes. */
    static void generalDequantize(Object codes, int mask, int from, int to, long zeroPoint, float scale, float[] out) {
        if (codes instanceof byte[]) {
            byte[] q = (byte[]) codes;
            for (int i = from; i < to; i++) {
                out[i] = (float) ((q[i] & mask) - zeroPoint) * scale;
            }
        } else if (codes instanceof short[]) {
            short[] q = (short[]) codes;
            for (int i = from; i < to; i++) {
                out[i] = (float) ((q[i] & mask) - zeroPoint) * scale;
            }
        } else {
            int[] q = (int[]) codes;
            for (int i = from; i < to; i++) {
                out[i] = (float) (q[i] - zeroPoint) * scale;
            }
        }
    }

    static void generalDequantize(Object codes, int mask, int from, int to, long zeroPoint, double scale,
            double[] out) {
        if (codes instanceof byte[]) {
            byte[] q = (byte[]) codes;
            for (int i = from; i < to; i++) {
                out[i] = (double) ((q[i] & mask) - zeroPoint) * scale;
            }
        } else if (codes instanceof short[]) {
            short[] q = (short[]) codes;
            for (int i = from; i < to; i++) {
                out[i] = (double) ((q[i] & mask) - zeroPoint) * scale;
            }
        } else {
            int[] q = (int[]) codes;
            for (int i = from; i < to; i++) {
                out[i] = (double) (q[i] - zeroPoint) * scale;
            }
        }
    }
}
