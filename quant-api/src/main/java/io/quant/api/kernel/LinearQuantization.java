package io.quant.api.kernel;

import io.quant.api.QuantException;
import io.quant.api.tensor.CodeRange;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Rounding;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.lang.invoke.MethodHandles;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The linear mapping every built-in scheme shares (ONNX QuantizeLinear / DequantizeLinear):
 * {@code q = clamp(round(x / scale) + zero_point, qmin, qmax)} and {@code x = (q - zero_point) * scale}.
 *
 * <p>float32 data is divided in float32 by {@code (float) scale}, as ONNX Runtime does; float64 data in
 * float64, as numpy does (CONVENTIONS.md, "Arithmetic"). Dequantizing to float32 multiplies in float32.
 *
 * <p>Speed: whole-array loops written straight into the output's primitive array ({@link LinearKernels}),
 * on the Vector API when {@code jdk.incubator.vector} is present (same codes bit for bit; once warm, or as
 * property {@link WarmedKernels#PROPERTY} says), and tensors of {@value #PARALLEL_THRESHOLD} elements or
 * more split across the cores of the current fork-join pool (the common pool, plus the calling thread).
 * Scratch is O(1) per thread; per channel with a short inner stride, O(channels * stride) for the expanded
 * parameters.
 */
public final class LinearQuantization {
    /** Tensors at least this large are split across cores; below it a task costs more than it saves. */
    public static final int PARALLEL_THRESHOLD = 1 << 20;
    /** Elements per parallel task at least (a few hundred microseconds of work). */
    private static final int MIN_TASK = 1 << 18;
    /** Task boundaries fall on multiples of this many elements: 64-byte lines of the output are not shared. */
    private static final int ALIGN = 64;
    /** Per channel, runs shorter than this are handled with parameters expanded over the whole period. */
    private static final int SHORT_RUN = 64;
    /** Expanded parameters repeat the period up to this many elements, so that vector loops have length. */
    private static final int TILE = 4096;

    /**
     * The loops in use. Property {@link WarmedKernels#PROPERTY}: {@code scalar} turns the Vector API path off
     * (benchmarks, a suspected JIT bug), {@code vector} uses it from the first call; unset, it takes over once
     * warm.
     */
    private static final WarmedKernels<LinearKernels> KERNELS = WarmedKernels.of("linear", ScalarKernels.INSTANCE,
            LinearQuantization::vectorKernelsOrNull, WarmUp::run);

    private LinearQuantization() {}

    /**
     * Quantizes float32 or float64 {@code x} with {@code params}. Other dtypes are rejected: the caller
     * decides how to convert them. NaN must have been rejected before (it has no code).
     */
    public static Tensor quantize(Tensor x, QuantParams params) {
        checkQuantize(x, params);
        Tensor out = Tensor.zeros(params.dtype(), x.shape());
        new Quantize(x, params, out).run();
        return out;
    }

    /**
     * {@link #quantize} into an existing tensor of {@code params.dtype()} and {@code x}'s shape (a buffer
     * reused across calls); every element of {@code out} is overwritten.
     */
    public static void quantizeInto(Tensor x, QuantParams params, Tensor out) {
        checkQuantize(x, params);
        checkOutput(out, params.dtype(), x.shape());
        new Quantize(x, params, out).run();
    }

    /** Dequantizes {@code codes} to float32 (float arithmetic, as ONNX) or float64; null means float32. */
    public static Tensor dequantize(Tensor codes, QuantParams params, DType outType) {
        DType type = outType == null ? DType.FLOAT32 : outType;
        checkDequantize(codes, params, type);
        Tensor out = Tensor.zeros(type, codes.shape());
        new Dequantize(codes, params, out).run();
        return out;
    }

    /** {@link #dequantize} into an existing float32 or float64 tensor of {@code codes}' shape. */
    public static void dequantizeInto(Tensor codes, QuantParams params, Tensor out) {
        checkDequantize(codes, params, out.dtype());
        checkOutput(out, out.dtype(), codes.shape());
        new Dequantize(codes, params, out).run();
    }

    /** The element loops in use now: "scalar", or "vector 256-bit" and the like. */
    public static String kernels() {
        return KERNELS.get().name();
    }

    /** A run of elements [from, to) that all belong to one channel (always channel 0 per tensor). */
    @FunctionalInterface
    public interface SegmentAction {
        void apply(int from, int to, int channel);
    }

    /**
     * Visits {@code shape} in C order as runs of one channel each: one run per tensor, or per channel
     * {@code outer * channels} runs of {@code stride(axis)} elements.
     */
    public static void forEachSegment(Shape shape, QuantParams params, SegmentAction action) {
        if (shape.size() > 0) {
            new Layout(shape, params).forEachSegment(0, shape.size(), action);
        }
    }

    private static void checkQuantize(Tensor x, QuantParams params) {
        x.requireDType("data to quantize", DType.FLOAT32, DType.FLOAT64);
        params.checkFits(x.shape());
    }

    private static void checkDequantize(Tensor codes, QuantParams params, DType outType) {
        if (codes.dtype() != params.dtype()) {
            throw new QuantException("codes are " + codes.dtype() + " but the params say " + params.dtype());
        }
        if (outType != DType.FLOAT32 && outType != DType.FLOAT64) {
            throw new QuantException("dequantize writes float32 or float64, not " + outType);
        }
        params.checkFits(codes.shape());
    }

    private static void checkOutput(Tensor out, DType dtype, Shape shape) {
        if (out.dtype() != dtype || !out.shape().equals(shape)) {
            throw new QuantException("output tensor is " + out.dtype() + out.shape() + " but must be " + dtype + shape);
        }
    }

    /** What a parallel task does: one range of element indices. */
    @FunctionalInterface
    private interface RangeAction {
        void run(int from, int to);
    }

    /**
     * Runs {@code action} over [0, n): in the calling thread below {@link #PARALLEL_THRESHOLD}, else as
     * aligned ranges on the current fork-join pool (the common pool from outside one), the caller helping.
     */
    private static void forEachRange(int n, RangeAction action) {
        int threads = Parallelism.threads();
        if (n < PARALLEL_THRESHOLD || threads < 2) {
            action.run(0, n);
            return;
        }
        // a few tasks per thread, so that a thread slowed by another process does not hold up the rest
        int tasks = Math.max(2, Math.min(threads * 4, n / MIN_TASK));
        int step = ((n + tasks - 1) / tasks + ALIGN - 1) / ALIGN * ALIGN;
        int count = (n + step - 1) / step;
        IntStream.range(0, count).parallel().forEach(t -> action.run(t * step, Math.min(n, (t + 1) * step)));
    }

    /** The Vector API kernels, or null when the module is absent or its vectors are too narrow. */
    private static LinearKernels vectorKernelsOrNull() {
        return WarmedKernels.createVectorOrNull(MethodHandles.lookup(), "io.quant.api.kernel.VectorKernels",
                LinearKernels.class);
    }

    /**
     * The warm-up: the loops quantize and dequantize run most, on a few thousand values made once, by the
     * warm-up thread when it first calls {@link #run} (the outputs are scratch only that thread writes).
     */
    private static final class WarmUp {
        private static final int N = 4096;
        /** Two channels alternating, over a period of 512, as the expanded parameters of a short-run layout. */
        private static final int PERIOD = 512;
        private static final float[] X = new float[N];
        private static final float[] SCALES = new float[PERIOD];
        private static final float[] LO = new float[PERIOD];
        private static final float[] HI = new float[PERIOD];
        private static final int[] ZERO_POINTS = new int[PERIOD];
        private static final byte[] BYTES = new byte[N];
        private static final short[] SHORTS = new short[N];
        private static final float[] BACK = new float[N];

        static {
            for (int i = 0; i < N; i++) {
                X[i] = (i % 255 - 127) * 0.01f;
            }
            for (int i = 0; i < PERIOD; i++) {
                SCALES[i] = i % 2 == 0 ? 0.01f : 0.02f;
                LO[i] = -128;
                HI[i] = 127;
                ZERO_POINTS[i] = i % 2;
            }
        }

        static void run(LinearKernels kernels) {
            kernels.quantize(X, 0, N, 0.01f, -128, 127, 3, true, BYTES);
            kernels.quantize(X, 0, N, 0.001f, -32768, 32767, 0, true, SHORTS);
            // mask -1: the codes above are signed
            kernels.dequantize(BYTES, 0, N, -1, 3, 0.01f, BACK);
            kernels.dequantize(SHORTS, 0, N, -1, 0, 0.001f, BACK);
            kernels.quantizeTiled(X, 0, N, 0, SCALES, LO, HI, ZERO_POINTS, true, BYTES);
            kernels.dequantizeTiled(BYTES, 0, N, 0, 0xFF, ZERO_POINTS, SCALES, BACK);
        }
    }

    /** Where the runs of one channel start and how long they are, and the position of an element in them. */
    private static final class Layout {
        final int channels;
        final int inner;

        Layout(Shape shape, QuantParams params) {
            this.channels = params.perChannel() ? shape.dim(params.axis().getAsInt()) : 1;
            this.inner = params.perChannel() ? shape.stride(params.axis().getAsInt()) : Math.max(1, shape.size());
        }

        /** Per channel with runs so short that a call per run would cost more than the run. */
        boolean tiled() {
            return channels > 1 && inner < SHORT_RUN;
        }

        /** The channel pattern (channels * inner elements) repeated to at least {@link #TILE} elements. */
        int tile() {
            int period = channels * inner;
            return period * Math.max(1, TILE / period);
        }

        /** The channel of position {@code p} of a tile. */
        int channel(int p) {
            return (p / inner) % channels;
        }

        /** Visits [from, to) as runs of one channel each: the parts of the runs of {@code inner} it overlaps. */
        void forEachSegment(int from, int to, SegmentAction action) {
            for (int start = from; start < to; ) {
                int run = start / inner;
                int end = Math.min(to, (run + 1) * inner);
                action.apply(start, end, run % channels);
                start = end;
            }
        }

        /** One value per channel spread over a tile: entry p is that of {@link #channel}(p). */
        int[] overTile(int[] perChannel) {
            int[] result = new int[tile()];
            for (int p = 0; p < result.length; p++) {
                result[p] = perChannel[channel(p)];
            }
            return result;
        }

        double[] overTile(double[] perChannel) {
            double[] result = new double[tile()];
            for (int p = 0; p < result.length; p++) {
                result[p] = perChannel[channel(p)];
            }
            return result;
        }
    }

    /**
     * One quantize or dequantize call: the parameters prepared once, then ranges of elements on any thread,
     * as runs of one channel each or, per channel with short runs, with the parameters over a tile.
     */
    private abstract static class Job {
        final Layout layout;
        final int size;
        final double[] scales;
        final int[] zeroPoints;
        /** Whether channel c may take the fast loops (int32 codes never do). */
        final boolean[] fast;
        private final boolean allFast;

        /** {@code fastZeroPoint}: whether the fast loops are exact with this zero point. */
        Job(Shape shape, QuantParams params, IntPredicate fastZeroPoint) {
            this.layout = new Layout(shape, params);
            this.size = shape.size();
            this.scales = params.scales();
            this.zeroPoints = params.zeroPoints();
            this.fast = new boolean[zeroPoints.length];
            boolean all = true;
            for (int c = 0; c < fast.length; c++) {
                fast[c] = params.dtype() != DType.INT32 && fastZeroPoint.test(zeroPoints[c]);
                all &= fast[c];
            }
            this.allFast = all;
        }

        final void run() {
            if (size == 0) {
                return;
            }
            if (layout.tiled() && allFast) {
                forEachRange(size, tiled());
            } else {
                forEachRange(size, (from, to) -> layout.forEachSegment(from, to, this::segment));
            }
        }

        /** Elements [from, to), all of channel {@code c}. */
        abstract void segment(int from, int to, int c);

        /** The loops with the parameters over a tile (per channel with short runs, every channel fast). */
        abstract RangeAction tiled();
    }

    /** One quantize call. */
    private static final class Quantize extends Job {
        private final float[] floats;
        private final double[] doubles;
        private final Object out;
        private final CodeRange codes;
        private final Rounding rounding;
        private final boolean halfEven;

        Quantize(Tensor x, QuantParams params, Tensor out) {
            // the fast loops need the clamp bounds relative to the zero point small
            super(x.shape(), params, zp -> (long) params.qmin() - zp >= -ScalarKernels.FAST_LIMIT
                    && (long) params.qmax() - zp <= ScalarKernels.FAST_LIMIT);
            this.floats = x.dtype() == DType.FLOAT32 ? x.floats() : null;
            this.doubles = x.dtype() == DType.FLOAT64 ? x.doubles() : null;
            this.out = out.storage();
            this.codes = params.codes();
            this.rounding = params.rounding();
            this.halfEven = rounding == Rounding.HALF_EVEN;
        }

        @Override
        void segment(int from, int to, int c) {
            int zp = zeroPoints[c];
            if (!fast[c]) {
                general(from, to, c);
                return;
            }
            int lo = codes.qmin() - zp;
            int hi = codes.qmax() - zp;
            if (floats != null) {
                float scale = (float) scales[c];
                if (out instanceof byte[]) {
                    KERNELS.get().quantize(floats, from, to, scale, lo, hi, zp, halfEven, (byte[]) out);
                } else {
                    KERNELS.get().quantize(floats, from, to, scale, lo, hi, zp, halfEven, (short[]) out);
                }
            } else {
                if (out instanceof byte[]) {
                    KERNELS.get().quantize(doubles, from, to, scales[c], lo, hi, zp, halfEven, (byte[]) out);
                } else {
                    KERNELS.get().quantize(doubles, from, to, scales[c], lo, hi, zp, halfEven, (short[]) out);
                }
            }
        }

        /** The definition itself, in float64, for int32 codes and zero points far outside the codes. */
        private void general(int from, int to, int c) {
            if (floats != null) {
                ScalarKernels.generalQuantize(floats, from, to, (float) scales[c], zeroPoints[c], codes.qmin(),
                        codes.qmax(), rounding, out);
            } else {
                ScalarKernels.generalQuantize(doubles, from, to, scales[c], zeroPoints[c], codes.qmin(),
                        codes.qmax(), rounding, out);
            }
        }

        @Override
        RangeAction tiled() {
            return new Tiled();
        }

        /** Per channel with short runs: the parameters of one tile of the channel pattern, one entry per element. */
        private final class Tiled implements RangeAction {
            private final float[] floatScales;
            private final double[] doubleScales;
            private final float[] floatLo;
            private final float[] floatHi;
            private final double[] doubleLo;
            private final double[] doubleHi;
            private final int[] periodZeroPoints;

            Tiled() {
                periodZeroPoints = layout.overTile(zeroPoints);
                double[] s = layout.overTile(scales);
                double[] lo = layout.overTile(relative(codes.qmin()));
                double[] hi = layout.overTile(relative(codes.qmax()));
                if (floats != null) {
                    floatScales = toFloats(s);
                    floatLo = toFloats(lo);
                    floatHi = toFloats(hi);
                    doubleScales = doubleLo = doubleHi = null;
                } else {
                    doubleScales = s;
                    doubleLo = lo;
                    doubleHi = hi;
                    floatScales = floatLo = floatHi = null;
                }
            }

            /** {@code bound - zeroPoint} per channel: a clamp bound relative to the zero point. */
            private double[] relative(int bound) {
                double[] result = new double[zeroPoints.length];
                for (int c = 0; c < result.length; c++) {
                    result[c] = bound - zeroPoints[c];
                }
                return result;
            }

            @Override
            public void run(int from, int to) {
                int phase = from % layout.tile();
                if (floats != null) {
                    if (out instanceof byte[]) {
                        KERNELS.get().quantizeTiled(floats, from, to, phase, floatScales, floatLo, floatHi,
                                periodZeroPoints, halfEven, (byte[]) out);
                    } else {
                        KERNELS.get().quantizeTiled(floats, from, to, phase, floatScales, floatLo, floatHi,
                                periodZeroPoints, halfEven, (short[]) out);
                    }
                } else {
                    if (out instanceof byte[]) {
                        ScalarKernels.quantizeTiled(doubles, from, to, phase, doubleScales, doubleLo, doubleHi,
                                periodZeroPoints, halfEven, (byte[]) out);
                    } else {
                        ScalarKernels.quantizeTiled(doubles, from, to, phase, doubleScales, doubleLo, doubleHi,
                                periodZeroPoints, halfEven, (short[]) out);
                    }
                }
            }
        }
    }

    /** One dequantize call. */
    private static final class Dequantize extends Job {
        private final Object codes;
        /** Widens a code to int: 0xFF for uint8, 0xFFFF for uint16, all bits for signed codes. */
        private final int mask;
        private final float[] floats;
        private final double[] doubles;

        Dequantize(Tensor codes, QuantParams params, Tensor out) {
            // the fast loops need code - zeroPoint to fit an int
            super(codes.shape(), params, zp -> Math.abs((long) zp) <= ScalarKernels.FAST_LIMIT);
            this.codes = codes.storage();
            this.mask = codes.dtype() == DType.UINT8 ? 0xFF : codes.dtype() == DType.UINT16 ? 0xFFFF : -1;
            this.floats = out.dtype() == DType.FLOAT32 ? out.floats() : null;
            this.doubles = out.dtype() == DType.FLOAT64 ? out.doubles() : null;
        }

        @Override
        void segment(int from, int to, int c) {
            int zp = zeroPoints[c];
            if (!fast[c]) {
                general(from, to, c);
            } else if (floats != null) {
                float scale = (float) scales[c];
                if (codes instanceof byte[]) {
                    KERNELS.get().dequantize((byte[]) codes, from, to, mask, zp, scale, floats);
                } else {
                    KERNELS.get().dequantize((short[]) codes, from, to, mask, zp, scale, floats);
                }
            } else {
                if (codes instanceof byte[]) {
                    KERNELS.get().dequantize((byte[]) codes, from, to, mask, zp, scales[c], doubles);
                } else {
                    KERNELS.get().dequantize((short[]) codes, from, to, mask, zp, scales[c], doubles);
                }
            }
        }

        /** The definition with the difference taken in 64 bits: any zero point, int32 codes. */
        private void general(int from, int to, int c) {
            if (floats != null) {
                ScalarKernels.generalDequantize(codes, mask, from, to, zeroPoints[c], (float) scales[c], floats);
            } else {
                ScalarKernels.generalDequantize(codes, mask, from, to, zeroPoints[c], scales[c], doubles);
            }
        }

        @Override
        RangeAction tiled() {
            return new Tiled();
        }

        private final class Tiled implements RangeAction {
            private final int[] periodZeroPoints;
            private final float[] floatScales;
            private final double[] doubleScales;

            Tiled() {
                periodZeroPoints = layout.overTile(zeroPoints);
                double[] s = layout.overTile(scales);
                floatScales = floats != null ? toFloats(s) : null;
                doubleScales = floats != null ? null : s;
            }

            @Override
            public void run(int from, int to) {
                int phase = from % layout.tile();
                if (floats != null) {
                    if (codes instanceof byte[]) {
                        KERNELS.get().dequantizeTiled((byte[]) codes, from, to, phase, mask, periodZeroPoints,
                                floatScales, floats);
                    } else {
                        KERNELS.get().dequantizeTiled((short[]) codes, from, to, phase, mask, periodZeroPoints,
                                floatScales, floats);
                    }
                } else {
                    if (codes instanceof byte[]) {
                        ScalarKernels.dequantizeTiled((byte[]) codes, from, to, phase, mask, periodZeroPoints,
                                doubleScales, doubles);
                    } else {
                        ScalarKernels.dequantizeTiled((short[]) codes, from, to, phase, mask, periodZeroPoints,
                                doubleScales, doubles);
                    }
                }
            }
        }
    }

    private static float[] toFloats(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }
}
