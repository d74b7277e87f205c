package io.quant.calibrators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderStatistics} and {@link Percentiles} against a full sort: every expected value is read from
 * {@code Arrays.sort} of a copy (which orders -0.0 before 0.0), the percentiles with numpy's 'linear' formula
 * written out below from numpy's source ({@code _get_indexes}, {@code _get_gamma}, {@code _lerp}). Values are
 * compared bit for bit, so a zero of the wrong sign fails.
 */
final class OrderStatisticsTest {
    private static final double[] PERCENTILES = {0, 1e-3, 0.01, 1, 24.5, 50, 75.5, 99, 99.99, 100};

    /** numpy.percentile(x, p), method 'linear', from the sorted values. */
    private static double numpyLinear(double[] sorted, double p) {
        int n = sorted.length;
        double virtual = (n - 1) * (p / 100);
        int previous = (int) Math.floor(virtual);
        int next = previous + 1;
        if (virtual >= n - 1) {
            // numpy: both indexes -1 (the last value) and gamma measured from -1
            previous = -1;
            next = -1;
        }
        double gamma = virtual - previous;
        double a = sorted[previous < 0 ? n - 1 : previous];
        double b = sorted[next < 0 ? n - 1 : next];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** Doubles compared as their hex form: bit for bit, -0.0 apart from 0.0 (AssertJ's isEqualTo(double) is ==). */
    private static String hex(double v) {
        return Double.toHexString(v);
    }

    private static double[] sortedCopy(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    private static double[] widened(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    /** All of {@code x} as one {@link Values}, its extremes from a sort (also for {@link PercentilesTest}). */
    static Values kept(float[] x) {
        Values values = new Values();
        values.add(x, 0, x.length, min(widened(x)), max(widened(x)));
        return values;
    }

    static Values kept(double[] x) {
        Values values = new Values();
        values.add(x, 0, x.length, min(x), max(x));
        return values;
    }

    private static double percentile(double[] x, double p) {
        return Percentiles.of(kept(x), false, false, p)[0];
    }

    // the extremes by Double.compare, as Math.min and Math.max order zeros
    private static double min(double[] x) {
        return sortedCopy(x)[0];
    }

    private static double max(double[] x) {
        return sortedCopy(x)[x.length - 1];
    }

    /** The kinds of data the checks run on: spread, clustered, duplicated, signed zeros, extreme magnitudes. */
    private static double[] data(String kind, int n, SplittableRandom random) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "gaussian":
                    x[i] = random.nextGaussian() * 0.05 + (random.nextInt(10_000) == 0 ? random.nextDouble() * 2 - 1 : 0);
                    break;
                case "uniform":
                    x[i] = random.nextDouble() * 300 - 100;
                    break;
                case "duplicates":
                    x[i] = random.nextInt(5) - 2;
                    break;
                case "zeros":
                    // both zeros, and the values around them
                    x[i] = new double[] {-0.0, 0.0, -0.0, 0.0, -1, 1, Double.MIN_VALUE, -Double.MIN_VALUE}[random.nextInt(8)];
                    break;
                case "equal":
                    x[i] = -3.25;
                    break;
                case "negative-zeros":
                    x[i] = -0.0;
                    break;
                case "extremes":
                    // finite in float32 too
                    x[i] = new double[] {-Float.MAX_VALUE, Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE,
                            Float.MIN_NORMAL, 1e30, -1e-30, 0.0}[random.nextInt(8)] * (random.nextBoolean() ? 1 : 0.5);
                    break;
                case "clustered":
                    // a narrow band far from zero: many values per bucket of the first histogram
                    x[i] = 1000 + random.nextInt(1 << 12) / 4096.0;
                    break;
                case "ascending":
                    x[i] = i - n / 3;
                    break;
                default:
                    throw new IllegalArgumentException(kind);
            }
        }
        return x;
    }

    private static final String[] KINDS = {"gaussian", "uniform", "duplicates", "zeros", "equal", "negative-zeros",
        "extremes", "clustered", "ascending"};

    private static float[] floats(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    /** Every percentile of every kind and size, float32 and float64, against numpy's formula on a sort. */
    @Test
    void percentilesMatchAFullSort() {
        SplittableRandom random = new SplittableRandom(11);
        int[] sizes = {1, 2, 3, 7, 100, 4095, 4096, 65_536, 65_537, 200_003};
        for (String kind : KINDS) {
            for (int n : sizes) {
                double[] x = data(kind, n, random);
                float[] f = floats(x);
                double[] sorted = sortedCopy(x);
                double[] sortedFloats = sortedCopy(widened(f));
                double[] fromDoubles = Percentiles.of(kept(x), false, true, PERCENTILES);
                double[] fromFloats = Percentiles.of(kept(f), false, true, PERCENTILES);
                for (int j = 0; j < PERCENTILES.length; j++) {
                    String where = kind + ", n = " + n + ", p = " + PERCENTILES[j];
                    assertThat(hex(fromDoubles[j])).as(where + ", float64").isEqualTo(hex(numpyLinear(sorted, PERCENTILES[j])));
                    assertThat(hex(fromFloats[j])).as(where + ", float32")
                            .isEqualTo(hex(numpyLinear(sortedFloats, PERCENTILES[j])));
                }
            }
        }
    }

    /** Random ranks, adjacent and repeated ones included, and the magnitudes of the values. */
    @Test
    void ranksAndMagnitudesMatchAFullSort() {
        SplittableRandom random = new SplittableRandom(12);
        for (String kind : KINDS) {
            for (int n : new int[] {1, 2, 5, 1000, 70_001, 300_000}) {
                double[] x = data(kind, n, random);
                long[] ranks = new long[6];
                for (int r = 0; r < ranks.length; r++) {
                    ranks[r] = random.nextInt(n);
                }
                ranks[1] = Math.min(n - 1, ranks[0] + 1);
                Arrays.sort(ranks);
                double[] sorted = sortedCopy(x);
                double[] magnitudes = new double[n];
                for (int i = 0; i < n; i++) {
                    magnitudes[i] = Math.abs(x[i]);
                }
                Arrays.sort(magnitudes);
                double[] values = OrderStatistics.select(kept(x), ranks, false, true);
                double[] ofMagnitudes = OrderStatistics.select(kept(x), ranks, true, true);
                for (int r = 0; r < ranks.length; r++) {
                    String where = kind + ", n = " + n + ", rank " + ranks[r];
                    assertThat(hex(values[r])).as(where).isEqualTo(hex(sorted[(int) ranks[r]]));
                    assertThat(hex(ofMagnitudes[r])).as(where + " of |x|").isEqualTo(hex(magnitudes[(int) ranks[r]]));
                }
            }
        }
    }

    @Test
    void signedZerosAsNumpyPrintsThem() {
        // numpy.percentile(np.array(a), p) and np.signbit of the result, numpy 2.4
        assertThat(hex(percentile(new double[] {-1.0, -0.0}, 100))).isEqualTo(hex(0.0));
        assertThat(hex(percentile(new double[] {-2.0, -0.0}, 100))).isEqualTo(hex(0.0));
        assertThat(hex(percentile(new double[] {-0.0}, 50))).isEqualTo(hex(-0.0));
        assertThat(hex(percentile(new double[] {-0.0, -0.0, -0.0}, 75))).isEqualTo(hex(-0.0));
        assertThat(hex(percentile(new double[] {-0.0, -0.0, -0.0}, 25))).isEqualTo(hex(-0.0));
        assertThat(hex(percentile(new double[] {-0.0, -0.0, -0.0}, 100))).isEqualTo(hex(0.0));
        assertThat(hex(percentile(new double[] {-0.0, -0.0, -0.0}, 0))).isEqualTo(hex(0.0));
        assertThat(hex(percentile(new double[] {-3.0, -0.0, -0.0}, 99.99))).isEqualTo(hex(-0.0));
        // where both zeros meet, -0.0 ranks first (numpy's partition leaves their order to chance)
        assertThat(OrderStatistics.select(kept(new double[] {0.0, -0.0, 0.0, -0.0, 1}), new long[] {0, 1, 2, 3, 4},
                false, false)).containsExactly(-0.0, -0.0, 0.0, 0.0, 1.0);
        assertThat(OrderStatistics.select(kept(new float[] {0.0f, 2, -0.0f, 0.0f, -0.0f, -1}), new long[] {1, 2, 3, 4},
                false, false)).containsExactly(-0.0, -0.0, 0.0, 0.0);
    }

    /**
     * A million values or more: the tails come from windows guessed from a sample, in one pass over the values
     * (float32 and float64, on several threads); other percentiles from histograms.
     */
    @Test
    void largeDataTakesOnePassForTheTails() {
        SplittableRandom random = new SplittableRandom(13);
        int n = (1 << 20) + 3;
        double[] x = data("gaussian", n, random);
        float[] f = floats(x);
        double[] sorted = sortedCopy(x);
        double[] sortedFloats = sortedCopy(widened(f));
        long lower = (long) Math.floor((n - 1) * ((100 - 99.99) / 100));
        long upper = (long) Math.floor((n - 1) * (99.99 / 100));
        long[] ranks = {lower, lower + 1, upper, upper + 1};
        for (boolean wide : new boolean[] {false, true}) {
            OrderStatistics.Trace trace = new OrderStatistics.Trace();
            double[] values = OrderStatistics.select(wide ? kept(x) : kept(f), ranks, false, true, trace);
            for (int r = 0; r < ranks.length; r++) {
                assertThat(hex(values[r])).as("rank %d, float64 %s", ranks[r], wide)
                        .isEqualTo(hex((wide ? sorted : sortedFloats)[(int) ranks[r]]));
            }
            assertThat(trace.passes).as("passes, float64 %s", wide).isEqualTo(1);
            assertThat(trace.missed).isZero();

            // the middle of the data: too wide to guess, so a histogram first
            long middle = n / 2;
            OrderStatistics.Trace histogram = new OrderStatistics.Trace();
            double[] median = OrderStatistics.select(wide ? kept(x) : kept(f), new long[] {middle, middle + 1}, false, true,
                    histogram);
            assertThat(median).containsExactly((wide ? sorted : sortedFloats)[(int) middle],
                    (wide ? sorted : sortedFloats)[(int) middle + 1]);
            assertThat(histogram.passes).isEqualTo(2);
        }
        double[] both = Percentiles.of(kept(f), false, true, 100 - 99.99, 99.99, 50, 1, 99);
        assertThat(both).containsExactly(numpyLinear(sortedFloats, 100 - 99.99), numpyLinear(sortedFloats, 99.99),
                numpyLinear(sortedFloats, 50), numpyLinear(sortedFloats, 1), numpyLinear(sortedFloats, 99));
    }

    /**
     * Data laid out against the sample: the sampled places hold the smallest values, so the sample puts the
     * 0.01 % rank far too low and its window misses; the selection starts again and is still exact.
     */
    @Test
    void aWindowThatMissesStartsAgain() {
        int n = 1 << 20;
        long[] sampled = OrderStatistics.samplePositions(n, OrderStatistics.SAMPLE);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 5000f + i % 977;
        }
        for (int j = 0; j < sampled.length; j++) {
            x[(int) sampled[j]] = j;
        }
        double[] sorted = sortedCopy(widened(x));
        long rank = (long) Math.floor((n - 1) * ((100 - 99.99) / 100));
        assertThat(rank).isGreaterThan(20);
        OrderStatistics.Trace trace = new OrderStatistics.Trace();
        double[] values = OrderStatistics.select(kept(x), new long[] {rank, rank + 1}, false, true, trace);
        assertThat(values).containsExactly(sorted[(int) rank], sorted[(int) rank + 1]);
        assertThat(trace.missed).isEqualTo(1);
        assertThat(trace.passes).isGreaterThan(1);
    }

    /**
     * The other way round: the sampled places hold the largest values, so the window for the 0.01 % rank holds
     * nearly everything; it is counted instead of collected, and narrowed.
     */
    @Test
    void aWindowThatHoldsTooMuchIsNarrowed() {
        int n = 1 << 20;
        long[] sampled = OrderStatistics.samplePositions(n, OrderStatistics.SAMPLE);
        double[] x = new double[n];
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble();
        }
        for (int j = 0; j < sampled.length; j++) {
            x[(int) sampled[j]] = 1000 + j;
        }
        double[] sorted = sortedCopy(x);
        long rank = (long) Math.floor((n - 1) * ((100 - 99.99) / 100));
        OrderStatistics.Trace trace = new OrderStatistics.Trace();
        double[] values = OrderStatistics.select(kept(x), new long[] {rank, rank + 1}, false, true, trace);
        assertThat(values).containsExactly(sorted[(int) rank], sorted[(int) rank + 1]);
        assertThat(trace.missed).isZero();
        assertThat(trace.overflowed).isEqualTo(1);
    }

    /**
     * Values kept as many runs (shared long ones, short ones copied into the tail), float32 and float64 mixed,
     * and merged from another {@link Values}: the same answers as one sorted array of all of them.
     */
    @Test
    void runsOfMixedTypesAndMergesSelectAsOneArray() {
        SplittableRandom random = new SplittableRandom(15);
        for (int round = 0; round < 6; round++) {
            int n = round < 3 ? 50_000 : 1_200_000;
            double[] all = new double[n];
            Values first = new Values();
            Values second = new Values();
            int at = 0;
            while (at < n) {
                int length = Math.min(n - at, random.nextBoolean() ? 1 + random.nextInt(100) : Values.SHARE + random.nextInt(60_000));
                Values into = random.nextInt(3) == 0 ? second : first;
                if (random.nextBoolean()) {
                    float[] run = new float[length + 2];
                    for (int i = 0; i < length; i++) {
                        run[i + 1] = (float) (random.nextGaussian() * (round + 1));
                        all[at + i] = run[i + 1];
                    }
                    double[] part = Arrays.copyOfRange(widened(run), 1, length + 1);
                    into.add(run, 1, length + 1, min(part), max(part));
                } else {
                    double[] run = new double[length];
                    for (int i = 0; i < length; i++) {
                        run[i] = random.nextInt(7) == 0 ? -0.0 : random.nextGaussian();
                        all[at + i] = run[i];
                    }
                    into.add(run, 0, length, min(run), max(run));
                }
                at += length;
            }
            first.addAll(second);
            assertThat(first.count()).isEqualTo(n);
            double[] sorted = sortedCopy(all);
            double[] percentiles = Percentiles.of(first, false, true, PERCENTILES);
            for (int j = 0; j < PERCENTILES.length; j++) {
                assertThat(hex(percentiles[j])).as("round %d, p = %s", round, PERCENTILES[j])
                        .isEqualTo(hex(numpyLinear(sorted, PERCENTILES[j])));
            }
        }
    }

    @Test
    void rejectsRanksOutOfOrderOrRange() {
        Values values = kept(new double[] {1, 2, 3});
        assertThatThrownBy(() -> OrderStatistics.select(values, new long[] {2, 1}, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ranks must ascend within [0, 3), got [2, 1]");
        assertThatThrownBy(() -> OrderStatistics.select(values, new long[] {3}, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ranks must ascend within [0, 3), got [3]");
    }
}
