package io.quant.calibrators;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.RangeObserver;
import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Ranges;
import io.quant.api.tensor.Tensor;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Every value seen, per channel ({@link Values}): the observed arrays are kept by reference where a channel's
 * values lie in runs of {@value Values#SHARE} or more (per tensor, or along a leading axis), and copied where
 * they are scattered in short runs. {@link #ranges} selects the order statistics each percentile needs
 * ({@link OrderStatistics}: one pass over the values for the tails of a large tensor, up to three otherwise; no
 * copy, no sort) and leaves the values as they are. Each batch is scanned once on arrival for its min and max,
 * which rejects NaN and infinities before anything is kept and bounds the selection.
 */
final class PercentileObserver implements RangeObserver {
    private final double percentile;
    private final Tails tails;
    private final OptionalInt axis;
    private ChannelLayout layout;
    private Values[] values;

    PercentileObserver(double percentile, Tails tails, OptionalInt axis) {
        this.percentile = percentile;
        this.tails = requireNonNull(tails, "tails is null");
        this.axis = requireNonNull(axis, "axis is null");
    }

    @Override
    public void observe(Tensor batch) {
        requireNonNull(batch, "batch is null");
        Batches.requireFloat(batch);
        ChannelLayout next = ChannelLayout.of(batch.shape(), axis);
        if (layout == null) {
            layout = next;
        } else {
            layout.requireSame(next, batch.shape(), PercentileCalibrator.NAME);
        }
        if (batch.size() == 0) {
            return;
        }
        // the min and max first: a batch with NaN or an infinity is rejected before anything is kept
        double[] lo = new double[next.channels];
        double[] hi = new double[next.channels];
        Extremes.scanFinite(batch, next, lo, hi, PercentileCalibrator.NAME);
        if (values == null) {
            values = newValues(next.channels);
        }
        if (batch.dtype() == DType.FLOAT64) {
            keep(batch.doubles(), next, lo, hi);
        } else {
            keep(batch.floats(), next, lo, hi);
        }
    }

    @Override
    public void merge(RangeObserver other) {
        requireNonNull(other, "other is null");
        if (other == this) {
            throw new UsageException("cannot merge " + this + " into itself");
        }
        if (!(other instanceof PercentileObserver)) {
            throw new UsageException("cannot merge " + other + " into " + this
                    + "; merge observers of the same calibrator, options and axis");
        }
        PercentileObserver that = (PercentileObserver) other;
        if (Double.compare(percentile, that.percentile) != 0 || tails != that.tails || !axis.equals(that.axis)) {
            throw new UsageException("cannot merge " + that + " into " + this
                    + "; merge observers of the same calibrator, options and axis");
        }
        if (that.layout == null) {
            return;
        }
        if (layout == null) {
            layout = that.layout;
        } else if (layout.axis != that.layout.axis || layout.channels != that.layout.channels) {
            throw new QuantException("cannot merge " + that + " (" + that.layout.channels + " channels) into "
                    + this + " (" + layout.channels + " channels)");
        }
        if (that.values == null) {
            return;
        }
        if (values == null) {
            values = newValues(layout.channels);
        }
        for (int c = 0; c < layout.channels; c++) {
            values[c].addAll(that.values[c]);
        }
    }

    @Override
    public Ranges ranges() {
        if (values == null) {
            throw new QuantException("calibrator '" + PercentileCalibrator.NAME
                    + "' has seen no values: observe at least one non-empty batch");
        }
        int channels = layout.channels;
        double[] lo = new double[channels];
        double[] hi = new double[channels];
        if (channels == 1) {
            double[] pair = range(values[0], true);
            lo[0] = pair[0];
            hi[0] = pair[1];
        } else {
            // channels in parallel, each selection on one thread
            IntStream each = IntStream.range(0, channels);
            long total = values[0].count() * channels;
            (total >= Parallel.THRESHOLD ? each.parallel() : each).forEach(c -> {
                double[] pair = range(values[c], false);
                lo[c] = pair[0];
                hi[c] = pair[1];
            });
        }
        return layout.axis < 0 ? Ranges.of(lo[0], hi[0]) : Ranges.perChannel(layout.axis, lo, hi);
    }

    private double[] range(Values kept, boolean parallel) {
        switch (tails) {
            case SPLIT:
                double cut = (100 - percentile) / 2;
                return Percentiles.pair(kept, parallel, cut, 100 - cut);
            case MAGNITUDE:
                double hi = Percentiles.of(kept, true, parallel, percentile)[0];
                return new double[] {-hi, hi};
            default:
                return Percentiles.pair(kept, parallel, 100 - percentile, percentile);
        }
    }

    private static Values[] newValues(int channels) {
        Values[] values = new Values[channels];
        for (int c = 0; c < channels; c++) {
            values[c] = new Values();
        }
        return values;
    }

    /** Hands each channel's values of one batch to its {@link Values}: runs in place, scattered values gathered. */
    private void keep(float[] a, ChannelLayout layout, double[] lo, double[] hi) {
        int channels = layout.channels;
        int inner = layout.inner;
        if (channels == 1) {
            // per tensor, or a channel axis of length 1: the whole batch is the one channel's, in order
            values[0].add(a, 0, a.length, lo[0], hi[0]);
            return;
        }
        if (layout.outer == 1 || inner >= Values.SHARE) {
            for (int block = 0, start = 0; block < layout.outer; block++) {
                for (int c = 0; c < channels; c++, start += inner) {
                    values[c].add(a, start, start + inner, lo[c], hi[c]);
                }
            }
            return;
        }
        int perChannel = layout.perChannel();
        float[][] gathered = new float[channels][perChannel];
        if (inner == 1) {
            // channels last: one value per channel per row
            for (int row = 0, start = 0; row < layout.outer; row++, start += channels) {
                for (int c = 0; c < channels; c++) {
                    gathered[c][row] = a[start + c];
                }
            }
        } else {
            for (int block = 0, start = 0; block < layout.outer; block++) {
                for (int c = 0; c < channels; c++, start += inner) {
                    System.arraycopy(a, start, gathered[c], block * inner, inner);
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            values[c].add(gathered[c], 0, perChannel, lo[c], hi[c]);
        }
    }

    private void keep(double[] a, ChannelLayout layout, double[] lo, double[] hi) {
        int channels = layout.channels;
        int inner = layout.inner;
        if (channels == 1) {
            // per tensor, or a channel axis of length 1: the whole batch is the one channel's, in order
            values[0].add(a, 0, a.length, lo[0], hi[0]);
            return;
        }
        if (layout.outer == 1 || inner >= Values.SHARE) {
            for (int block = 0, start = 0; block < layout.outer; block++) {
                for (int c = 0; c < channels; c++, start += inner) {
                    values[c].add(a, start, start + inner, lo[c], hi[c]);
                }
            }
            return;
        }
        int perChannel = layout.perChannel();
        double[][] gathered = new double[channels][perChannel];
        if (inner == 1) {
            // channels last: one value per channel per row
            for (int row = 0, start = 0; row < layout.outer; row++, start += channels) {
                for (int c = 0; c < channels; c++) {
                    gathered[c][row] = a[start + c];
                }
            }
        } else {
            for (int block = 0, start = 0; block < layout.outer; block++) {
                for (int c = 0; c < channels; c++, start += inner) {
                    System.arraycopy(a, start, gathered[c], block * inner, inner);
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            values[c].add(gathered[c], 0, perChannel, lo[c], hi[c]);
        }
    }

    @Override
    public String toString() {
        return "a percentile " + percentile + (tails == Tails.TWO_SIDED ? "" : " " + tails) + " observer "
                + (axis.isPresent() ? "on axis " + axis.getAsInt() : "per tensor");
    }
}
