package io.quant.calibrators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Exact order statistics of kept {@link Values} without sorting or copying them: a radix selection on the
 * order-preserving integer image of the values ("keys": the float or double bits with all bits but the sign
 * flipped for negatives, so that integer order is the order of {@link Double#compare}, -0.0 before 0.0).
 *
 * <p>The values sought lie in a few key intervals ("groups"). A pass over the values copies out the keys of
 * groups small enough to finish by selection and counts those of larger groups in 2^16 buckets, which narrows
 * each to the bucket holding its ranks; a group narrowed to one key is an answer without any copy. The first
 * group is [min, max]. For a million values or more a sample of 8192 guesses a window around each rank
 * instead, and the first pass collects the windows and counts what lies between them; if a rank is not in its
 * window after all (a chance of about one in 10^4 per rank), the selection starts again from [min, max]. So
 * the 0.01 % tails of 24 M float32 values take one pass, other percentiles two or three (float64 up to five).
 *
 * <p>A pass splits across cores for large data (each task with its own counts), looks first whether a value
 * lies in the widest gap between groups (one comparison: for the tails, nearly every value), then, after a
 * histogram of everything, whether its bucket there is marked, and only then which group it is in.
 *
 * <p>Memory: a 256 KB histogram per task and per counted group, and the keys of collected groups (at most
 * {@link #collectLimit} per group and task; a guessed window that proves larger is narrowed instead).
 */
final class OrderStatistics {
    private static final int BITS = 16;
    /** Groups of at most this many values are collected rather than narrowed further. */
    private static final int MIN_COLLECT = 1 << 16;
    /** From this many values on, windows guessed from a sample replace the first histogram. */
    static final long GUESS_MIN = 1 << 20;
    static final int SAMPLE = 1 << 13;
    /** Guessed windows holding more than this share of the sample would cost more than the histogram. */
    private static final double MAX_GUESSED_SHARE = 1.0 / 32;
    private static final double SIGMAS = 4;

    private OrderStatistics() {}

    /**
     * The values at {@code ranks} (0-based positions in ascending order, -0.0 before 0.0) of {@code values}, or
     * of their magnitudes when {@code magnitude}. Ranks must ascend within [0, count).
     */
    static double[] select(Values values, long[] ranks, boolean magnitude, boolean parallel) {
        return select(values, ranks, magnitude, parallel, new Trace());
    }

    /** What one selection did, for tests: passes over the values, windows that missed, windows that overflowed. */
    static final class Trace {
        int passes;
        int missed;
        int overflowed;
    }

    static double[] select(Values values, long[] ranks, boolean magnitude, boolean parallel, Trace trace) {
        long n = values.count();
        double lo = values.min();
        double hi = values.max();
        double maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
        Pass pass = new Pass(values.runs(), n, !values.anyFloat64(), magnitude, parallel);
        double[] out = new double[ranks.length];
        Group all = new Group(pass.key(magnitude ? 0.0 : lo), pass.key(magnitude ? maxAbs : hi), 0, n);
        for (int r = 0; r < ranks.length; r++) {
            if (ranks[r] < 0 || ranks[r] >= n || r > 0 && ranks[r] < ranks[r - 1]) {
                throw new IllegalArgumentException("ranks must ascend within [0, " + n + "), got " + Arrays.toString(ranks));
            }
            // the extremes are known exactly already
            if (ranks[r] == n - 1) {
                out[r] = magnitude ? maxAbs : hi;
            } else if (ranks[r] == 0 && !magnitude) {
                out[r] = lo;
            } else {
                all.ranks.add(r);
            }
        }
        List<Group> open = new ArrayList<>();
        if (!all.ranks.isEmpty()) {
            List<Group> windows = n >= GUESS_MIN ? guess(pass, all, ranks) : null;
            open.addAll(windows != null ? windows : List.of(all));
        }
        long limit = collectLimit(n);
        while (!open.isEmpty()) {
            List<Group> counted = new ArrayList<>();
            List<Group> collected = new ArrayList<>();
            for (Group group : open) {
                if (!group.guessed && group.first == group.last) {
                    for (int r : group.ranks) {
                        out[r] = pass.value(group.first);
                    }
                } else if (group.guessed || group.count <= limit) {
                    collected.add(group);
                } else {
                    counted.add(group);
                }
            }
            if (counted.isEmpty() && collected.isEmpty()) {
                break;
            }
            pass.run(counted, collected, limit);
            trace.passes++;
            List<Group> next = new ArrayList<>();
            if (!collected.isEmpty() && collected.get(0).guessed && !pass.settle(ranks)) {
                // a rank fell outside its window: start again from the whole range
                trace.missed++;
                next.add(all);
                open = next;
                continue;
            }
            for (Group group : collected) {
                if (group.overflowed) {
                    // a guessed window that held more than could be collected: narrow it as a counted group
                    group.guessed = false;
                    group.overflowed = false;
                    trace.overflowed++;
                    next.add(group);
                } else {
                    finish(group, pass, ranks, out);
                }
            }
            for (Group group : counted) {
                narrow(group, ranks, next);
            }
            open = next;
        }
        return out;
    }

    /** Groups this small are cheaper to collect and select in than to count again over all n values. */
    static long collectLimit(long n) {
        return Math.max(MIN_COLLECT, n >>> 7);
    }

    /**
     * Windows of keys around each rank from a sample of the values, merged where they overlap; null when they
     * would hold so many values that counting is cheaper. A window reaches {@code SIGMAS} standard deviations of
     * the sample quantile (plus four values) on either side, and to the min or max where that is closer.
     */
    private static List<Group> guess(Pass pass, Group all, long[] ranks) {
        long[] sample = pass.sample(SAMPLE);
        int s = sample.length;
        long n = all.count;
        List<Group> windows = new ArrayList<>();
        for (int r : all.ranks) {
            double q = (ranks[r] + 0.5) / n;
            double margin = SIGMAS * Math.sqrt(s * q * (1 - q)) + 4;
            int from = (int) Math.max(0, Math.floor(q * s - margin));
            int to = (int) Math.min(s - 1, Math.ceil(q * s + margin));
            Group window = new Group(from == 0 ? all.first : sample[from], to == s - 1 ? all.last : sample[to],
                    from * n / s, (to - from + 1L) * n / s);
            window.guessed = true;
            window.ranks.add(r);
            windows.add(window);
        }
        windows.sort(Comparator.comparingLong((Group g) -> g.first));
        List<Group> merged = new ArrayList<>();
        long held = 0;
        for (Group window : windows) {
            Group last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && window.first <= last.last) {
                Group union = new Group(last.first, Math.max(last.last, window.last), last.below,
                        Math.max(last.below + last.count, window.below + window.count) - last.below);
                union.guessed = true;
                union.ranks.addAll(last.ranks);
                union.ranks.addAll(window.ranks);
                union.ranks.sort(null);
                merged.set(merged.size() - 1, union);
            } else {
                merged.add(window);
            }
        }
        for (Group window : merged) {
            held += window.count;
        }
        return held > n * MAX_GUESSED_SHARE ? null : merged;
    }

    /** Where the sample of {@code size} values out of n is taken: one from each of size equal strata, at random. */
    static long[] samplePositions(long n, int size) {
        // a fixed seed: the same data always takes the same passes
        SplittableRandom random = new SplittableRandom(size);
        long[] positions = new long[size];
        for (int j = 0; j < size; j++) {
            long from = j * n / size;
            long to = (j + 1) * n / size;
            positions[j] = from + random.nextLong(to - from);
        }
        return positions;
    }

    /** Selects each rank of {@code group} among its collected keys. */
    private static void finish(Group group, Pass pass, long[] ranks, double[] out) {
        long[] keys = group.collected;
        int m = keys.length;
        // keys[0..from) holds the `from` smallest keys
        int from = 0;
        int previous = -1;
        for (int r : group.ranks) {
            int k = (int) (ranks[r] - group.below);
            long key;
            if (k == previous + 1 && k == from + 1) {
                // the neighbour of the last rank selected (numpy's i + 1): the smallest of the rest
                key = Selection.min(keys, k, m);
            } else {
                Selection.select(keys, from, m, k);
                key = keys[k];
                from = k;
            }
            out[r] = pass.value(key);
            previous = k;
        }
    }

    /** Splits a counted group into one group per bucket that holds one of its ranks. */
    private static void narrow(Group group, long[] ranks, List<Group> next) {
        long[] counts = group.counts;
        int bucket = 0;
        long below = group.below;
        Group current = null;
        // the bucket `current` was made from
        int made = -1;
        for (int r : group.ranks) {
            // ranks come in ascending order, so one walk over the buckets serves them all
            while (below + counts[bucket] <= ranks[r]) {
                below += counts[bucket];
                bucket++;
            }
            if (made != bucket) {
                long first = group.first + ((long) bucket << group.shift);
                long width = (1L << group.shift) - 1;
                long last = Long.compareUnsigned(group.last - first, width) <= 0 ? group.last : first + width;
                current = new Group(first, last, below, counts[bucket]);
                made = bucket;
                next.add(current);
            }
            current.ranks.add(r);
        }
    }

    /**
     * Keys in [first, last] (signed order), {@code below} values under them and {@code count} in them (estimates
     * while {@code guessed}).
     */
    private static final class Group {
        final long first;
        final long last;
        long below;
        long count;
        /** Indexes into the ranks asked for, in ascending rank order. */
        final List<Integer> ranks = new ArrayList<>();
        /** A window from the sample, not yet confirmed by a pass. */
        boolean guessed;
        /** Collected: more values than the limit, some not kept. */
        boolean overflowed;
        /** When counted: bucket = (key - first) >>> shift. */
        int shift;
        long[] counts;
        /** When collected: the keys, in no particular order. */
        long[] collected;

        Group(long first, long last, long below, long count) {
            this.first = first;
            this.last = last;
            this.below = below;
            this.count = count;
        }

        /** last - first, unsigned. */
        long span() {
            return last - first;
        }
    }

    /**
     * The passes over every kept value, each counting or collecting the values of a few groups. After a
     * histogram of every value, a later pass looks at a value only if its bucket in that histogram overlaps a
     * group ({@code marks}): one shift and one table load per value, as in the histogram.
     */
    private static final class Pass {
        private final List<Values.Run> runs;
        private final long[] starts;
        private final long n;
        private final boolean floatKeys;
        /** ANDed into the raw bits before keying: clears the sign for magnitudes. */
        private final int clearFloat;
        private final long clear;
        private final boolean magnitude;
        private final boolean parallel;
        /** A value is looked at when {@code marks[(key - filterFirst) >>> filterShift] != 0}. */
        private long filterFirst;
        private int filterShift = 63;
        private byte[] marks = {1, 1};
        private boolean filtered;
        /** Values strictly between these two (the widest gap between groups) are skipped; none at first. */
        private double skipBelow = Double.POSITIVE_INFINITY;
        private double skipAbove = Double.NEGATIVE_INFINITY;
        /** The last pass's groups in key order, and the values counted in the gaps before, between and after them. */
        private Group[] sorted;
        private long[] gaps;

        Pass(List<Values.Run> runs, long n, boolean floatKeys, boolean magnitude, boolean parallel) {
            this.runs = runs;
            this.n = n;
            this.floatKeys = floatKeys;
            this.clearFloat = magnitude ? 0x7FFF_FFFF : -1;
            this.clear = magnitude ? Long.MAX_VALUE : -1L;
            this.magnitude = magnitude;
            this.parallel = parallel;
            this.starts = new long[runs.size() + 1];
            for (int i = 0; i < runs.size(); i++) {
                starts[i + 1] = starts[i] + runs.get(i).length();
            }
        }

        long key(double v) {
            return floatKeys ? floatKey((float) v, clearFloat) : doubleKey(v, clear);
        }

        /** The value (or magnitude) whose key is {@code key}. */
        double value(long key) {
            if (floatKeys) {
                int k = (int) key;
                return Float.intBitsToFloat(k ^ ((k >> 31) & 0x7FFF_FFFF));
            }
            return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
        }

        /** The keys of the values at {@link #samplePositions}, sorted. */
        long[] sample(int size) {
            long[] positions = samplePositions(n, size);
            long[] keys = new long[size];
            for (int j = 0; j < size; j++) {
                long at = positions[j];
                int run = runAt(at);
                Values.Run r = runs.get(run);
                int i = (int) (r.from + at - starts[run]);
                keys[j] = key(r.array instanceof float[] ? ((float[]) r.array)[i] : ((double[]) r.array)[i]);
            }
            Arrays.sort(keys);
            return keys;
        }

        /** The run holding position {@code at} of the concatenated runs. */
        private int runAt(long at) {
            int run = Arrays.binarySearch(starts, at);
            run = run >= 0 ? run : -run - 2;
            while (starts[run + 1] <= at) {
                run++;
            }
            return run;
        }

        void run(List<Group> counted, List<Group> collected, long limit) {
            Group[] groups = new Group[counted.size() + collected.size()];
            int g = 0;
            for (Group group : counted) {
                int span = 64 - Long.numberOfLeadingZeros(group.span());
                group.shift = Math.max(0, span - BITS);
                groups[g++] = group;
            }
            for (Group group : collected) {
                group.shift = -1;
                groups[g++] = group;
            }
            Arrays.sort(groups, Comparator.comparingLong((Group x) -> x.first));
            sorted = groups;
            boolean first = groups.length == 1 && groups[0].shift >= 0 && groups[0].count == n;
            if (first) {
                filterFirst = groups[0].first;
            } else if (filtered) {
                Arrays.fill(marks, (byte) 0);
                for (Group group : groups) {
                    int from = (int) ((group.first - filterFirst) >>> filterShift);
                    int to = (int) ((group.last - filterFirst) >>> filterShift);
                    Arrays.fill(marks, from, to + 1, (byte) 1);
                }
            }
            // few values, all collected: a plain copy
            boolean copy = groups.length == 1 && groups[0].shift < 0 && groups[0].count == n && !groups[0].guessed;
            int widest = first || copy ? -1 : skipWidestGap(groups);
            List<Tally> tallies = Parallel.map(n, parallel, (from, to) -> copy ? copy(groups, from, to)
                    : scan(groups, first, widest, limit, from, to));
            gaps = new long[groups.length + 1];
            for (Tally tally : tallies) {
                for (int i = 0; i < gaps.length; i++) {
                    gaps[i] += tally.gaps[i];
                }
            }
            for (int i = 0; i < groups.length; i++) {
                Group group = groups[i];
                long total = 0;
                if (group.shift >= 0) {
                    group.counts = new long[(int) (group.span() >>> group.shift) + 1];
                    for (Tally tally : tallies) {
                        int[] counts = tally.counts[i];
                        for (int b = 0; b < group.counts.length; b++) {
                            group.counts[b] += counts[b];
                            total += counts[b];
                        }
                    }
                } else {
                    int kept = 0;
                    for (Tally tally : tallies) {
                        total += tally.members[i];
                        kept += tally.filled[i];
                        group.overflowed |= tally.members[i] > tally.filled[i];
                    }
                    if (!group.overflowed) {
                        group.collected = new long[kept];
                        int at = 0;
                        for (Tally tally : tallies) {
                            System.arraycopy(tally.keys[i], 0, group.collected, at, tally.filled[i]);
                            at += tally.filled[i];
                        }
                    }
                }
                if (group.guessed) {
                    group.count = total;
                } else if (total != group.count) {
                    // the values changed between the passes: only if an observed array was written after it was observed
                    throw new IllegalStateException("found " + total + " kept values in a bucket that held " + group.count
                            + "; an observed tensor's array was modified after it was observed");
                }
            }
            if (first) {
                // later passes filter on this histogram's buckets
                filterShift = groups[0].shift;
                marks = new byte[groups[0].counts.length];
                filtered = true;
            }
        }

        /**
         * After a pass over guessed windows: the values under each window from the counts in the gaps, and whether
         * every rank lies in its window.
         */
        boolean settle(long[] ranks) {
            long below = 0;
            boolean settled = true;
            for (int g = 0; g < sorted.length; g++) {
                Group group = sorted[g];
                below += gaps[g];
                group.below = below;
                below += group.count;
                for (int r : group.ranks) {
                    settled &= ranks[r] >= group.below && ranks[r] < group.below + group.count;
                }
            }
            return settled;
        }

        /**
         * Sets the skip bounds to the gap between groups (or before the first, or after the last) that holds the
         * most values (by the counts so far, or the sample's estimate) and returns its index: for the tails of a
         * percentile, it holds nearly all values. The bounds are values of keys in the neighbouring groups, so a
         * comparison never skips a member (it may let through a zero of the other sign, which the exact test then
         * places).
         */
        private int skipWidestGap(Group[] groups) {
            int widest = 0;
            long most = groups[0].below;
            for (int g = 0; g < groups.length; g++) {
                long end = groups[g].below + groups[g].count;
                long gap = (g + 1 < groups.length ? groups[g + 1].below : n) - end;
                if (gap > most) {
                    most = gap;
                    widest = g + 1;
                }
            }
            skipBelow = widest == 0 ? Double.NEGATIVE_INFINITY : value(groups[widest - 1].last);
            skipAbove = widest == groups.length ? Double.POSITIVE_INFINITY : value(groups[widest].first);
            return widest;
        }

        /** Collects the keys of the values at positions [from, to) of the concatenated runs into the one group. */
        private Tally copy(Group[] groups, long from, long to) {
            Tally tally = new Tally(groups, 0);
            long[] out = new long[(int) (to - from)];
            int run = runAt(from);
            for (long at = from; at < to; run++) {
                Values.Run r = runs.get(run);
                int start = (int) (r.from + at - starts[run]);
                int end = (int) (r.from + Math.min(to, starts[run + 1]) - starts[run]);
                int into = (int) (at - from);
                if (r.array instanceof double[]) {
                    double[] a = (double[]) r.array;
                    for (int i = start; i < end; i++) {
                        out[into++] = key(a[i]);
                    }
                } else {
                    float[] a = (float[]) r.array;
                    for (int i = start; i < end; i++) {
                        out[into++] = key(a[i]);
                    }
                }
                at += end - start;
            }
            tally.keys[0] = out;
            tally.filled[0] = out.length;
            tally.members[0] = out.length;
            return tally;
        }

        /** Counts or collects the values at positions [from, to) of the concatenated runs. */
        private Tally scan(Group[] groups, boolean first, int widest, long limit, long from, long to) {
            Tally tally = new Tally(groups, limit);
            int run = runAt(from);
            for (long at = from; at < to; run++) {
                Values.Run r = runs.get(run);
                int start = (int) (r.from + at - starts[run]);
                int end = (int) (r.from + Math.min(to, starts[run + 1]) - starts[run]);
                if (r.array instanceof double[]) {
                    if (first) {
                        countDoubles((double[]) r.array, start, end, groups[0], tally.counts[0]);
                    } else {
                        scanDoubles((double[]) r.array, start, end, tally);
                    }
                } else if (floatKeys) {
                    if (first) {
                        countFloats((float[]) r.array, start, end, groups[0], tally.counts[0]);
                    } else {
                        scanFloats((float[]) r.array, start, end, tally);
                    }
                } else if (first) {
                    countWidened((float[]) r.array, start, end, groups[0], tally.counts[0]);
                } else {
                    scanWidened((float[]) r.array, start, end, tally);
                }
                at += end - start;
            }
            if (widest >= 0) {
                // what was skipped lies in the widest gap
                tally.gaps[widest] += to - from - tally.looked;
            }
            return tally;
        }

        // The first pass: a histogram of every value, nothing to test.

        private void countFloats(float[] a, int from, int to, Group group, int[] counts) {
            // float keys and their offsets fit 32 bits: int arithmetic
            int clearBits = clearFloat;
            int first = (int) group.first;
            int shift = group.shift;
            for (int i = from; i < to; i++) {
                counts[(floatKey(a[i], clearBits) - first) >>> shift]++;
            }
        }

        private void countWidened(float[] a, int from, int to, Group group, int[] counts) {
            long clearBits = clear;
            long first = group.first;
            int shift = group.shift;
            for (int i = from; i < to; i++) {
                counts[(int) ((doubleKey(a[i], clearBits) - first) >>> shift)]++;
            }
        }

        private void countDoubles(double[] a, int from, int to, Group group, int[] counts) {
            long clearBits = clear;
            long first = group.first;
            int shift = group.shift;
            for (int i = from; i < to; i++) {
                counts[(int) ((doubleKey(a[i], clearBits) - first) >>> shift)]++;
            }
        }

        // Later passes: values outside the widest gap whose first-pass bucket is marked go to the tally.

        private void scanFloats(float[] a, int from, int to, Tally tally) {
            boolean abs = magnitude;
            float above = (float) skipAbove;
            float below = (float) skipBelow;
            int first = (int) filterFirst;
            int shift = filterShift;
            byte[] marked = marks;
            for (int i = from; i < to; i++) {
                float v = abs ? Math.abs(a[i]) : a[i];
                if (v > below && v < above) {
                    continue;
                }
                int key = floatKey(v, -1);
                if (marked[(key - first) >>> shift] != 0) {
                    tally.add(key);
                }
            }
        }

        private void scanWidened(float[] a, int from, int to, Tally tally) {
            boolean abs = magnitude;
            double above = skipAbove;
            double below = skipBelow;
            long first = filterFirst;
            int shift = filterShift;
            byte[] marked = marks;
            for (int i = from; i < to; i++) {
                double v = abs ? Math.abs(a[i]) : a[i];
                if (v > below && v < above) {
                    continue;
                }
                long key = doubleKey(v, -1L);
                if (marked[(int) ((key - first) >>> shift)] != 0) {
                    tally.add(key);
                }
            }
        }

        private void scanDoubles(double[] a, int from, int to, Tally tally) {
            boolean abs = magnitude;
            double above = skipAbove;
            double below = skipBelow;
            long first = filterFirst;
            int shift = filterShift;
            byte[] marked = marks;
            for (int i = from; i < to; i++) {
                double v = abs ? Math.abs(a[i]) : a[i];
                if (v > below && v < above) {
                    continue;
                }
                long key = doubleKey(v, -1L);
                if (marked[(int) ((key - first) >>> shift)] != 0) {
                    tally.add(key);
                }
            }
        }
    }

    /** One task's counts and collected keys, per group (in key order), and its counts in the gaps. */
    private static final class Tally {
        private final long[] firsts;
        private final long[] lasts;
        private final int[] shifts;
        private final int limit;
        final int[][] counts;
        final long[][] keys;
        final int[] filled;
        final long[] members;
        final long[] gaps;
        /** Values that got past the gap test (the rest lie in the widest gap). */
        long looked;

        Tally(Group[] groups, long limit) {
            int g = groups.length;
            this.limit = (int) limit;
            firsts = new long[g];
            lasts = new long[g];
            shifts = new int[g];
            counts = new int[g][];
            keys = new long[g][];
            filled = new int[g];
            members = new long[g];
            gaps = new long[g + 1];
            for (int i = 0; i < g; i++) {
                firsts[i] = groups[i].first;
                lasts[i] = groups[i].last;
                shifts[i] = groups[i].shift;
                if (shifts[i] >= 0) {
                    counts[i] = new int[(int) (groups[i].span() >>> shifts[i]) + 1];
                } else {
                    // never more than may be kept: nothing for a copy, which brings its own array
                    keys[i] = new long[(int) Math.min(Math.min(groups[i].count, limit), 1 << 10)];
                }
            }
        }

        /** Counts or keeps {@code key} in its group, or counts it in its gap. */
        void add(long key) {
            looked++;
            for (int g = 0; g < firsts.length; g++) {
                if (key < firsts[g]) {
                    gaps[g]++;
                    return;
                }
                if (key <= lasts[g]) {
                    if (shifts[g] >= 0) {
                        counts[g][(int) ((key - firsts[g]) >>> shifts[g])]++;
                        return;
                    }
                    members[g]++;
                    if (filled[g] == keys[g].length && filled[g] < limit) {
                        keys[g] = Arrays.copyOf(keys[g], (int) Math.min(limit, 2L * filled[g] + 16));
                    }
                    if (filled[g] < keys[g].length) {
                        keys[g][filled[g]++] = key;
                    }
                    return;
                }
            }
            gaps[firsts.length]++;
        }
    }

    /** The key of a float32 value (an int: the int loops need no cast); {@code clear} is -1, or 0x7FFFFFFF for |v|. */
    static int floatKey(float v, int clear) {
        int bits = Float.floatToRawIntBits(v) & clear;
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    /** The key of a float64 value; {@code clear} is -1, or {@link Long#MAX_VALUE} for |v|. */
    static long doubleKey(double v, long clear) {
        long bits = Double.doubleToRawLongBits(v) & clear;
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }
}
