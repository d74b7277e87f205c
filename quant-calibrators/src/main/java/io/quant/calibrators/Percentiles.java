package io.quant.calibrators;

import java.util.Arrays;

/**
 * {@code numpy.percentile} with its default method 'linear', bit for bit on the same float64 values (float32
 * values widened exactly): {@code q = p / 100}, virtual index {@code v = (n - 1) * q}, {@code i = floor(v)},
 * {@code g = v - i}, then numpy's {@code _lerp} of the values at ranks i and i + 1: {@code a + (b - a) * g},
 * or {@code b - (b - a) * (1 - g)} when {@code g >= 0.5}. At or past the last index numpy takes the largest
 * value for both neighbours with {@code g = v + 1} (it measures g from index -1), which is the largest value
 * itself except that a largest value of -0.0 comes out 0.0 when n > 1; that is kept here too.
 *
 * <p>The values at the ranks come from {@link OrderStatistics} (exact, no sort, the kept values left as they
 * are), in ascending order with -0.0 before 0.0 as {@link Arrays#sort(double[])} puts them: numpy's partition
 * does not order the two zeros, so where both signs meet at a rank the sign of a zero result follows this
 * order rather than numpy's arrangement of the array.
 */
final class Percentiles {
    private Percentiles() {}

    /** For each p in {@code ps} (in [0, 100]): {@code numpy.percentile(values, p)}, of |values| when magnitude. */
    static double[] of(Values values, boolean magnitude, boolean parallel, double... ps) {
        long n = values.count();
        double[] virtual = new double[ps.length];
        long[] lower = new long[ps.length];
        long[] wanted = new long[2 * ps.length];
        int count = 0;
        for (int j = 0; j < ps.length; j++) {
            virtual[j] = virtualIndex(n, ps[j]);
            lower[j] = lowerRank(n, virtual[j]);
            wanted[count++] = lower[j];
            if (virtual[j] < n - 1) {
                wanted[count++] = lower[j] + 1;
            }
        }
        long[] ranks = Arrays.stream(wanted, 0, count).sorted().distinct().toArray();
        double[] at = OrderStatistics.select(values, ranks, magnitude, parallel);
        double[] out = new double[ps.length];
        for (int j = 0; j < ps.length; j++) {
            double v = virtual[j];
            long i = lower[j];
            double a = at[Arrays.binarySearch(ranks, i)];
            out[j] = v >= n - 1 ? lerp(a, a, v + 1) : lerp(a, at[Arrays.binarySearch(ranks, i + 1)], v - i);
        }
        return out;
    }

    /** {@code {percentile(pLo), percentile(pHi)}} for {@code pLo <= pHi}, from one selection. */
    static double[] pair(Values values, boolean parallel, double pLo, double pHi) {
        double[] both = of(values, false, parallel, pLo, pHi);
        // rounding in lerp could in principle put the two a hair out of order when pLo and pHi nearly meet
        return new double[] {both[0], Math.max(both[0], both[1])};
    }

    /** numpy: {@code (n - 1) * (p / 100)}, both in float64 and in that order. */
    static double virtualIndex(long n, double p) {
        return (double) (n - 1) * (p / 100);
    }

    /** numpy's {@code _lerp}: the second form where {@code g >= 0.5}, so that g = 1 gives exactly b. */
    static double lerp(double a, double b, double g) {
        double d = b - a;
        return g >= 0.5 ? b - d * (1 - g) : a + d * g;
    }

    /** The lower neighbour's rank: floor(v), or the last rank at or past it. */
    private static long lowerRank(long n, double v) {
        return v >= n - 1 ? n - 1 : (long) Math.floor(v);
    }
}
