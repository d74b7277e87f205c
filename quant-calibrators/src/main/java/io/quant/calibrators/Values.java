package io.quant.calibrators;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every value one channel has seen, for an exact percentile: runs of the observed arrays kept by reference
 * (a tensor's array is read-only once wrapped, and nothing here writes to it), and short runs copied into an
 * owned tail so that many small batches do not leave a long list behind. float32 runs stay float32. Also the
 * min and max seen, in the order of {@code Math.min} (-0.0 before 0.0).
 *
 * <p>Memory: no copy of a run of {@link #SHARE} values or more (the observed tensors stay reachable while the
 * observer is), the values of shorter runs, and 24 bytes per kept run.
 */
final class Values {
    /** Runs at least this long are kept by reference. */
    static final int SHARE = 1 << 12;
    /** The tail is sealed (kept as a run, never written again) once it holds this many values. */
    private static final int TAIL_LIMIT = 1 << 24;

    /** A run of values: {@code float[]} or {@code double[]} {@code array[from..to)}; never written. */
    static final class Run {
        final Object array;
        final int from;
        final int to;

        Run(Object array, int from, int to) {
            this.array = requireNonNull(array, "array is null");
            this.from = from;
            this.to = to;
        }

        int length() {
            return to - from;
        }
    }

    private final List<Run> runs = new ArrayList<>();
    private float[] tailFloats;
    private double[] tailDoubles;
    private int tailSize;
    private long count;
    private boolean anyFloat64;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    long count() {
        return count;
    }

    /** Whether any value came from float64 data (then keys are those of doubles). */
    boolean anyFloat64() {
        return anyFloat64;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    /** Takes in {@code a[from..to)}, whose min and max are {@code lo} and {@code hi}. */
    void add(float[] a, int from, int to, double lo, double hi) {
        extend(to - from, lo, hi);
        if (to - from >= SHARE) {
            runs.add(new Run(a, from, to));
            return;
        }
        if (tailDoubles != null) {
            seal();
        }
        tailFloats = room(tailFloats, to - from);
        System.arraycopy(a, from, tailFloats, tailSize, to - from);
        tailSize += to - from;
    }

    void add(double[] a, int from, int to, double lo, double hi) {
        anyFloat64 = true;
        extend(to - from, lo, hi);
        if (to - from >= SHARE) {
            runs.add(new Run(a, from, to));
            return;
        }
        if (tailFloats != null) {
            seal();
        }
        tailDoubles = room(tailDoubles, to - from);
        System.arraycopy(a, from, tailDoubles, tailSize, to - from);
        tailSize += to - from;
    }

    /**
     * Takes in everything {@code other} holds, by reference: its runs are never written, and its tail only
     * ever grows past the part referenced here or is replaced by a new array.
     */
    void addAll(Values other) {
        runs.addAll(other.runs());
        count += other.count;
        anyFloat64 |= other.anyFloat64;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** The runs, the tail included. */
    List<Run> runs() {
        if (tailSize == 0) {
            return runs;
        }
        List<Run> all = new ArrayList<>(runs.size() + 1);
        all.addAll(runs);
        all.add(new Run(tailFloats != null ? tailFloats : tailDoubles, 0, tailSize));
        return all;
    }

    private void extend(int length, double lo, double hi) {
        count += length;
        min = Math.min(min, lo);
        max = Math.max(max, hi);
    }

    /** Keeps the tail as a run and starts a new one. */
    private void seal() {
        if (tailSize > 0) {
            runs.add(new Run(tailFloats != null ? tailFloats : tailDoubles, 0, tailSize));
        }
        tailFloats = null;
        tailDoubles = null;
        tailSize = 0;
    }

    /** {@code tail}, or a copy of it, with room for {@code more} values after {@code tailSize}. */
    private float[] room(float[] tail, int more) {
        if (tail != null && tailSize + more > TAIL_LIMIT) {
            seal();
            tail = null;
        }
        int capacity = tail == null ? 0 : tail.length;
        if (tailSize + more <= capacity) {
            return tail;
        }
        int grown = grownCapacity(capacity, more);
        return tail == null ? new float[grown] : Arrays.copyOf(tail, grown);
    }

    private double[] room(double[] tail, int more) {
        if (tail != null && tailSize + more > TAIL_LIMIT) {
            seal();
            tail = null;
        }
        int capacity = tail == null ? 0 : tail.length;
        if (tailSize + more <= capacity) {
            return tail;
        }
        int grown = grownCapacity(capacity, more);
        return tail == null ? new double[grown] : Arrays.copyOf(tail, grown);
    }

    /** A tail of {@code capacity} grown for {@code more} values: by half (amortized copies), within the limit. */
    private int grownCapacity(int capacity, int more) {
        return Math.max(tailSize + more, Math.min(TAIL_LIMIT, capacity + (capacity >> 1) + 16));
    }
}
