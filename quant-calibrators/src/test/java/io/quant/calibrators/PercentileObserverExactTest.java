package io.quant.calibrators;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant.api.Options;
import io.quant.api.RangeObserver;
import io.quant.api.tensor.Ranges;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The percentile observer on tensors large enough for every way it keeps values (arrays by reference per
 * tensor and along a leading axis, gathered copies along a trailing one) and selects them (guessed windows,
 * histograms, channels on several threads), observed whole, in batches and merged: the ranges must equal
 * numpy's 'linear' percentiles of each channel, computed here from a full sort as in {@link OrderStatisticsTest}.
 */
final class PercentileObserverExactTest {
    private static RangeObserver observer(double p, String tails, OptionalInt axis) {
        PercentileCalibrator calibrator = new PercentileCalibrator();
        return calibrator.newObserver(Options.parse("calibrator 'percentile'", calibrator.options(),
                Map.of("percentile", p, "tails", tails)), axis);
    }

    private static double numpyLinear(double[] sorted, double p) {
        int n = sorted.length;
        double virtual = (n - 1) * (p / 100);
        int previous = virtual >= n - 1 ? -1 : (int) Math.floor(virtual);
        double gamma = virtual - previous;
        double a = sorted[previous < 0 ? n - 1 : previous];
        double b = sorted[previous < 0 ? n - 1 : previous + 1];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** Each channel's values along {@code axis} (all values when axis < 0), sorted. */
    private static double[][] sortedChannels(float[] x, Shape shape, int axis, boolean magnitude) {
        int channels = axis < 0 ? 1 : shape.dim(axis);
        int stride = axis < 0 ? 1 : shape.stride(axis);
        double[][] out = new double[channels][x.length / channels];
        int[] filled = new int[channels];
        for (int i = 0; i < x.length; i++) {
            int c = axis < 0 ? 0 : (i / stride) % channels;
            out[c][filled[c]++] = magnitude ? Math.abs(x[i]) : x[i];
        }
        for (double[] values : out) {
            Arrays.sort(values);
        }
        return out;
    }

    private static Ranges expected(float[] x, Shape shape, int axis, double p, String tails) {
        double[][] sorted = sortedChannels(x, shape, axis, tails.equals("magnitude"));
        double[] lo = new double[sorted.length];
        double[] hi = new double[sorted.length];
        for (int c = 0; c < sorted.length; c++) {
            if (tails.equals("magnitude")) {
                hi[c] = numpyLinear(sorted[c], p);
                lo[c] = -hi[c];
            } else {
                double cut = tails.equals("split") ? (100 - p) / 2 : 100 - p;
                lo[c] = numpyLinear(sorted[c], cut);
                hi[c] = numpyLinear(sorted[c], 100 - cut);
            }
        }
        return axis < 0 ? Ranges.of(lo[0], hi[0]) : Ranges.perChannel(axis, lo, hi);
    }

    private static float[] weights(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 0.05);
            if (random.nextInt(100_000) == 0) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return x;
    }

    @Test
    void wholeTensorsPerTensorAndPerChannel() {
        // axis 0: 4 long runs kept by reference; 1: runs of 512 gathered; 2: channels last, gathered one by one
        Shape shape = Shape.of(4, 1 << 10, 512);
        float[] x = weights(shape.size(), 21);
        for (int axis : new int[] {-1, 0, 1, 2}) {
            for (String tails : new String[] {"two-sided", "split", "magnitude"}) {
                double p = axis == 2 ? 90 : 99.99;
                RangeObserver observer = observer(p, tails, axis < 0 ? OptionalInt.empty() : OptionalInt.of(axis));
                observer.observe(Tensor.ofFloat32(shape, x));
                assertThat(observer.ranges()).as("axis %d, %s", axis, tails).isEqualTo(expected(x, shape, axis, p, tails));
            }
        }
    }

    @Test
    void batchesAndMergesOfFloat32AndFloat64() {
        // channels on axis 1 in runs long enough to keep by reference, and channels last, gathered
        check(Shape.of(2, 3, 1 << 16), -1);
        check(Shape.of(2, 3, 1 << 16), 1);
        check(Shape.of(1 << 15, 4), 1);
    }

    @Test
    void oneChannelOnALaterAxis() {
        // a channel axis of length 1 behind others: the whole batch is that channel's, kept as one run
        for (Shape shape : new Shape[] {Shape.of(1 << 16, 1), Shape.of(300, 1), Shape.of(1 << 12, 1, 7)}) {
            float[] x = weights(shape.size(), 23);
            for (String tails : new String[] {"two-sided", "split", "magnitude"}) {
                for (boolean wide : new boolean[] {false, true}) {
                    RangeObserver observer = observer(99.9, tails, OptionalInt.of(1));
                    Tensor batch = Tensor.ofFloat32(shape, x);
                    observer.observe(wide ? batch.toFloat64() : batch);
                    assertThat(observer.ranges()).as("shape %s, %s, float64 %s", shape, tails, wide)
                            .isEqualTo(expected(x, shape, 1, 99.9, tails));
                }
            }
        }
        // short batches copied into the tail and long ones kept by reference, merged
        check(Shape.of(1000, 1), 1);
        check(Shape.of(1 << 13, 1, 3), 1);
    }

    /** Twelve batches along axis 0, split between two observers, every other one as float64, then merged. */
    private static void check(Shape batch, int axis) {
        int rows = 12;
        float[] all = weights(rows * batch.size(), 22);
        int[] dims = batch.dims();
        dims[0] *= rows;
        Shape whole = Shape.of(dims);
        OptionalInt channelAxis = axis < 0 ? OptionalInt.empty() : OptionalInt.of(axis);
        RangeObserver first = observer(99.99, "two-sided", channelAxis);
        RangeObserver second = observer(99.99, "two-sided", channelAxis);
        for (int b = 0; b < rows; b++) {
            float[] part = Arrays.copyOfRange(all, b * batch.size(), (b + 1) * batch.size());
            RangeObserver into = b % 3 == 0 ? second : first;
            // float64 batches hold the same values, widened
            into.observe(b % 2 == 0 ? Tensor.ofFloat32(batch, part) : Tensor.ofFloat32(batch, part).toFloat64());
        }
        first.merge(second);
        assertThat(first.ranges()).as("shape %s, axis %d", batch, axis)
                .isEqualTo(expected(all, whole, axis, 99.99, "two-sided"));
    }
}
