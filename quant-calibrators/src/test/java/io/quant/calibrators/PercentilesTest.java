package io.quant.calibrators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Percentiles} against {@code numpy.percentile} (numpy 1.24.2, default method 'linear'): every expected
 * value below was printed by numpy as {@code float.hex()} and is compared bit for bit.
 */
final class PercentilesTest {
    private static final double[] V1 = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
    private static final double[] V2 = {0.1, 0.7, -2.3, 1e-3, 5.5, -0.25, 10.0 / 3, 2.0 / 3};
    private static final float[] V3 = {1.1f, -7.3f, 2.5f, 0.3f, 9.9f, -0.7f, 4.2f, 3.7f, -5.1f};

    /** numpy.percentile(a, p). */
    private static double numpyLinear(double[] a, double p) {
        return Percentiles.of(OrderStatisticsTest.kept(a), false, false, p)[0];
    }

    private static double numpyLinear(float[] a, double p) {
        return Percentiles.of(OrderStatisticsTest.kept(a), false, false, p)[0];
    }

    /** {@code {numpy.percentile(a, 100 - p), numpy.percentile(a, p)}} from one selection. */
    private static double[] twoSided(double[] a, double p) {
        return Percentiles.pair(OrderStatisticsTest.kept(a), false, 100 - p, p);
    }

    private static double[] twoSided(float[] a, double p) {
        return Percentiles.pair(OrderStatisticsTest.kept(a), false, 100 - p, p);
    }

    @Test
    void smallIntegerVector() {
        assertThat(numpyLinear(V1, 99.99)).isEqualTo(0x1.1fe76c8b43956p+3);
        assertThat(numpyLinear(V1, 100 - 99.99)).isEqualTo(1.0);
        assertThat(numpyLinear(V1, 90)).isEqualTo(6.0);
        assertThat(numpyLinear(V1, 10)).isEqualTo(1.0);
        assertThat(numpyLinear(V1, 75)).isEqualTo(5.0);
        assertThat(numpyLinear(V1, 25)).isEqualTo(2.5);
        assertThat(numpyLinear(V1, 60.5)).isEqualTo(5.0);
        assertThat(numpyLinear(V1, 39.5)).isEqualTo(3.0);
        assertThat(numpyLinear(V1, 100)).isEqualTo(9.0);
        assertThat(numpyLinear(V1, 0)).isEqualTo(1.0);
    }

    @Test
    void fractionalVectorIncludingTheSecondLerpForm() {
        assertThat(numpyLinear(V2, 99.99)).isEqualTo(0x1.5fe726a391226p+2);
        assertThat(numpyLinear(V2, 100 - 99.99)).isEqualTo(-0x1.263760bf5d786p+1);
        assertThat(numpyLinear(V2, 97.5)).isEqualTo(0x1.47bbbbbbbbbbcp+2);
        assertThat(numpyLinear(V2, 2.5)).isEqualTo(-0x1.f0f5c28f5c28ep+0);
        // g >= 0.5: numpy's b - (b - a) * (1 - g) here differs from a + (b - a) * g in the last bit
        assertThat(numpyLinear(V2, 80)).isEqualTo(0x1.23d70a3d70a40p+1);
        assertThat(numpyLinear(V2, 20)).isEqualTo(-0x1.32617c1bda510p-3);
        assertThat(numpyLinear(V2, 51)).isEqualTo(0x1.b126e978d4fe2p-2);
        assertThat(numpyLinear(V2, 49)).isEqualTo(0x1.5fea27983c12fp-2);
    }

    @Test
    void float32ValuesAsNumpyOnTheirFloat64Widening() {
        // numpy.percentile(v3.astype(np.float64), p)
        assertThat(numpyLinear(V3, 99.99)).isEqualTo(0x1.3ca770fcb9238p+3);
        assertThat(numpyLinear(V3, 100 - 99.99)).isEqualTo(-0x1.d3165e0624dd2p+2);
        assertThat(numpyLinear(V3, 95)).isEqualTo(0x1.e7ae133333331p+2);
        assertThat(numpyLinear(V3, 5)).isEqualTo(-0x1.9ae1480000000p+2);
        assertThat(numpyLinear(V3, 70)).isEqualTo(0x1.9c28f5fffffffp+1);
        assertThat(numpyLinear(V3, 30)).isEqualTo(-0x1.3333326666668p-2);
    }

    @Test
    void thousandAndOneGeneratedValues() {
        double[] v4 = Lcg.uniform(42, 1001, -50, 150);
        assertThat(v4[0]).isEqualTo(63.64606532878152);
        assertThat(numpyLinear(v4, 99.99)).isEqualTo(0x1.2b4c950e0d1c8p+7);
        assertThat(numpyLinear(v4, 100 - 99.99)).isEqualTo(-0x1.8d3a611ef2df0p+5);
        assertThat(numpyLinear(v4, 99.9)).isEqualTo(0x1.2b16bcc4e51a3p+7);
        assertThat(numpyLinear(v4, 100 - 99.9)).isEqualTo(-0x1.8b5f385b4371ep+5);
        assertThat(numpyLinear(v4, 97.3)).isEqualTo(0x1.21fd0b5e8c335p+7);
        assertThat(numpyLinear(v4, 100 - 97.3)).isEqualTo(-0x1.65881f7afea17p+5);
        assertThat(numpyLinear(v4, 75)).isEqualTo(0x1.98ffbc84224d0p+6);
        assertThat(numpyLinear(v4, 25)).isEqualTo(0x1.4c4faabd4e8e0p+0);
        // where the naive a + (b - a) * g is a bit off
        assertThat(numpyLinear(v4, 54.685900000000004)).isEqualTo(0x1.de2f48fec5b75p+5);
        assertThat(numpyLinear(v4, 47.966120000000004)).isEqualTo(0x1.7101c1cb73753p+5);
        // where (n - 1) * p / 100 (rather than (n - 1) * (p / 100)) is a bit off
        assertThat(numpyLinear(v4, 50.00997)).isEqualTo(0x1.9579d611e978cp+5);
        assertThat(numpyLinear(v4, 49.99003)).isEqualTo(0x1.9556db3df1025p+5);
    }

    @Test
    void twoSidedEqualsTheTwoOneSidedPercentiles() {
        double[] v4 = Lcg.uniform(42, 1001, -50, 150);
        assertThat(twoSided(v4, 99.99)).containsExactly(-0x1.8d3a611ef2df0p+5, 0x1.2b4c950e0d1c8p+7);
        assertThat(twoSided(V3, 95)).containsExactly(-0x1.9ae1480000000p+2, 0x1.e7ae133333331p+2);
        assertThat(twoSided(new double[] {7}, 99.99)).containsExactly(7, 7);
        assertThat(twoSided(new double[] {2, 1}, 100)).containsExactly(1, 2);
    }

    @Test
    void selectionPutsTheKthSmallestInPlace() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(round < 1000 ? 40 : 3000);
            // few distinct values half the time: the partition must cope with runs of equal keys
            int distinct = random.nextBoolean() ? 1 + random.nextInt(4) : Integer.MAX_VALUE;
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                // keys of either sign, as OrderStatistics makes them
                a[i] = distinct == Integer.MAX_VALUE ? random.nextLong() : random.nextInt(distinct) - 1;
            }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(n);
            Selection.select(a, 0, n, k);
            assertThat(a[k]).isEqualTo(sorted[k]);
            int misplaced = 0;
            for (int i = 0; i < n; i++) {
                misplaced += (i < k ? a[i] <= a[k] : a[i] >= a[k]) ? 0 : 1;
            }
            assertThat(misplaced).as("keys on the wrong side of k = %d, n = %d", k, n).isZero();
            assertThat(Selection.min(a, k, n)).isEqualTo(a[k]);
            long[] resorted = a.clone();
            Arrays.sort(resorted);
            assertThat(Arrays.equals(resorted, sorted)).as("selection keeps the same keys").isTrue();
        }
    }

    @Test
    void adversarialOrdersStillSelectCorrectly() {
        // sorted, reversed and organ-pipe inputs, large enough to reach the depth limit's fallback if the
        // median of three degenerates
        int n = 100_000;
        long[][] inputs = new long[3][n];
        for (int i = 0; i < n; i++) {
            inputs[0][i] = i;
            inputs[1][i] = n - i;
            inputs[2][i] = i < n / 2 ? i : n - i;
        }
        for (long[] input : inputs) {
            long[] sorted = input.clone();
            Arrays.sort(sorted);
            for (int k : new int[] {0, 1, n / 3, n / 2, n - 2, n - 1}) {
                long[] a = input.clone();
                Selection.select(a, 0, n, k);
                assertThat(a[k]).isEqualTo(sorted[k]);
            }
        }
    }
}
