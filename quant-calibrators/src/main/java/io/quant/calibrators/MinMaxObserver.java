package io.quant.calibrators;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.RangeObserver;
import io.quant.api.UsageException;
import io.quant.api.tensor.Ranges;
import io.quant.api.tensor.Tensor;
import java.util.OptionalInt;

/**
 * The running min and max, one pair per channel, -0.0 counted below 0.0. Each batch is scanned once in memory
 * order ({@link Extremes}: vectorizable loops, split across cores for large batches).
 */
final class MinMaxObserver implements RangeObserver {
    private final OptionalInt axis;
    private ChannelLayout layout;
    private double[] lo;
    private double[] hi;

    MinMaxObserver(OptionalInt axis) {
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
            layout.requireSame(next, batch.shape(), MinMaxCalibrator.NAME);
        }
        if (batch.size() == 0) {
            return;
        }
        // scan into fresh arrays first, so that a batch with NaN leaves the state as it was
        double[] batchLo = new double[layout.channels];
        double[] batchHi = new double[layout.channels];
        Extremes.scanFinite(batch, next, batchLo, batchHi, MinMaxCalibrator.NAME);
        fold(batchLo, batchHi);
    }

    @Override
    public void merge(RangeObserver other) {
        requireNonNull(other, "other is null");
        if (other == this) {
            throw new UsageException("cannot merge " + this + " into itself");
        }
        if (!(other instanceof MinMaxObserver) || !axis.equals(((MinMaxObserver) other).axis)) {
            throw new UsageException("cannot merge " + other + " into " + this
                    + "; merge observers of the same calibrator, options and axis");
        }
        MinMaxObserver that = (MinMaxObserver) other;
        if (that.layout == null) {
            return;
        }
        if (layout == null) {
            layout = that.layout;
        } else if (layout.axis != that.layout.axis || layout.channels != that.layout.channels) {
            throw new QuantException("cannot merge " + that + " (" + that.layout.channels + " channels) into "
                    + this + " (" + layout.channels + " channels)");
        }
        if (that.lo != null) {
            fold(that.lo, that.hi);
        }
    }

    @Override
    public Ranges ranges() {
        if (lo == null) {
            throw new QuantException("calibrator '" + MinMaxCalibrator.NAME
                    + "' has seen no values: observe at least one non-empty batch");
        }
        return layout.axis < 0 ? Ranges.of(lo[0], hi[0]) : Ranges.perChannel(layout.axis, lo, hi);
    }

    private void fold(double[] otherLo, double[] otherHi) {
        if (lo == null) {
            lo = otherLo.clone();
            hi = otherHi.clone();
            return;
        }
        for (int c = 0; c < lo.length; c++) {
            lo[c] = Math.min(lo[c], otherLo[c]);
            hi[c] = Math.max(hi[c], otherHi[c]);
        }
    }

    @Override
    public String toString() {
        return "a minmax observer " + (axis.isPresent() ? "on axis " + axis.getAsInt() : "per tensor");
    }
}
