package io.quant.calibrators;

import io.quant.api.tensor.DType;
import io.quant.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The min and max of each channel of one batch, in one pass over memory, split across cores for large
 * batches. {@code Math.min} and {@code Math.max} order -0.0 before 0.0 (so the result does not depend on the
 * order of the values, and batches merge to the same bits as the whole) and propagate NaN: a channel that holds
 * a NaN comes out NaN, one that holds an infinity infinite, and {@link #scanFinite} rejects both.
 *
 * <p>The loops are plain whole-array loops with one accumulator pair, the shape C2 vectorizes: per tensor and
 * along long runs a reduction, along short runs (channels last) an element-wise min/max into one row of
 * accumulators.
 */
final class Extremes {
    /** Runs at least this long are reduced one by one; shorter ones are handled a row at a time. */
    private static final int LONG_RUN = 16;

    private Extremes() {}

    /**
     * Fills {@code lo[c]} and {@code hi[c]} with the min and max of channel c of {@code batch} (non-empty, float32
     * or float64) and rejects it for {@code calibrator} if a channel holds NaN or an infinity (its min or max
     * then is one).
     */
    static void scanFinite(Tensor batch, ChannelLayout layout, double[] lo, double[] hi, String calibrator) {
        if (batch.dtype() == DType.FLOAT32) {
            scan(batch.floats(), layout, lo, hi);
        } else {
            scan(batch.doubles(), layout, lo, hi);
        }
        for (int c = 0; c < layout.channels; c++) {
            if (!Double.isFinite(lo[c]) || !Double.isFinite(hi[c])) {
                throw Batches.nonFinite(batch, calibrator);
            }
        }
    }

    /** Fills {@code lo[c]} and {@code hi[c]} with the min and max of channel c of {@code a} (non-empty). */
    static void scan(float[] a, ChannelLayout layout, double[] lo, double[] hi) {
        int channels = layout.channels;
        int inner = layout.inner;
        List<float[]> parts;
        if (channels == 1) {
            parts = Parallel.map(a.length, true, (from, to) -> {
                float[] part = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
                reduce(a, (int) from, (int) to, part, 0);
                return part;
            });
        } else if (inner >= LONG_RUN) {
            // one run of `inner` values per (block, channel), in memory order
            parts = Parallel.map((long) layout.outer * channels, inner, true, (from, to) -> {
                float[] part = filled(channels);
                for (long run = from; run < to; run++) {
                    int start = (int) (run * inner);
                    reduce(a, start, start + inner, part, 2 * (int) (run % channels));
                }
                return part;
            });
        } else {
            int period = channels * inner;
            parts = Parallel.map(layout.outer, period, true, (from, to) -> {
                float[] min = new float[period];
                float[] max = new float[period];
                Arrays.fill(min, Float.POSITIVE_INFINITY);
                Arrays.fill(max, Float.NEGATIVE_INFINITY);
                for (int start = (int) from * period, end = (int) to * period; start < end; start += period) {
                    for (int j = 0; j < period; j++) {
                        float v = a[start + j];
                        min[j] = Math.min(min[j], v);
                        max[j] = Math.max(max[j], v);
                    }
                }
                float[] part = filled(channels);
                for (int j = 0; j < period; j++) {
                    int c = 2 * (j / inner);
                    part[c] = Math.min(part[c], min[j]);
                    part[c + 1] = Math.max(part[c + 1], max[j]);
                }
                return part;
            });
        }
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (float[] part : parts) {
            for (int c = 0; c < channels; c++) {
                lo[c] = Math.min(lo[c], part[2 * c]);
                hi[c] = Math.max(hi[c], part[2 * c + 1]);
            }
        }
    }

    static void scan(double[] a, ChannelLayout layout, double[] lo, double[] hi) {
        int channels = layout.channels;
        int inner = layout.inner;
        List<double[]> parts;
        if (channels == 1) {
            parts = Parallel.map(a.length, true, (from, to) -> {
                double[] part = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                reduce(a, (int) from, (int) to, part, 0);
                return part;
            });
        } else if (inner >= LONG_RUN) {
            parts = Parallel.map((long) layout.outer * channels, inner, true, (from, to) -> {
                double[] part = filledDoubles(channels);
                for (long run = from; run < to; run++) {
                    int start = (int) (run * inner);
                    reduce(a, start, start + inner, part, 2 * (int) (run % channels));
                }
                return part;
            });
        } else {
            int period = channels * inner;
            parts = Parallel.map(layout.outer, period, true, (from, to) -> {
                double[] min = new double[period];
                double[] max = new double[period];
                Arrays.fill(min, Double.POSITIVE_INFINITY);
                Arrays.fill(max, Double.NEGATIVE_INFINITY);
                for (int start = (int) from * period, end = (int) to * period; start < end; start += period) {
                    for (int j = 0; j < period; j++) {
                        double v = a[start + j];
                        min[j] = Math.min(min[j], v);
                        max[j] = Math.max(max[j], v);
                    }
                }
                double[] part = filledDoubles(channels);
                for (int j = 0; j < period; j++) {
                    int c = 2 * (j / inner);
                    part[c] = Math.min(part[c], min[j]);
                    part[c + 1] = Math.max(part[c + 1], max[j]);
                }
                return part;
            });
        }
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] part : parts) {
            for (int c = 0; c < channels; c++) {
                lo[c] = Math.min(lo[c], part[2 * c]);
                hi[c] = Math.max(hi[c], part[2 * c + 1]);
            }
        }
    }

    /** Folds the min and max of {@code a[from..to)} into {@code into[at]} and {@code into[at + 1]}. */
    private static void reduce(float[] a, int from, int to, float[] into, int at) {
        float min = into[at];
        float max = into[at + 1];
        for (int i = from; i < to; i++) {
            min = Math.min(min, a[i]);
            max = Math.max(max, a[i]);
        }
        into[at] = min;
        into[at + 1] = max;
    }

    private static void reduce(double[] a, int from, int to, double[] into, int at) {
        double min = into[at];
        double max = into[at + 1];
        for (int i = from; i < to; i++) {
            min = Math.min(min, a[i]);
            max = Math.max(max, a[i]);
        }
        into[at] = min;
        into[at + 1] = max;
    }

    /** {min, max} pairs of {@code channels} channels, empty so far. */
    private static float[] filled(int channels) {
        float[] part = new float[2 * channels];
        for (int c = 0; c < part.length; c += 2) {
            part[c] = Float.POSITIVE_INFINITY;
            part[c + 1] = Float.NEGATIVE_INFINITY;
        }
        return part;
    }

    private static double[] filledDoubles(int channels) {
        double[] part = new double[2 * channels];
        for (int c = 0; c < part.length; c += 2) {
            part[c] = Double.POSITIVE_INFINITY;
            part[c + 1] = Double.NEGATIVE_INFINITY;
        }
        return part;
    }
}
