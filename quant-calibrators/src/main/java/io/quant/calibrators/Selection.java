package io.quant.calibrators;

import java.util.Arrays;

/**
 * Order statistics without sorting: introselect (quickselect with a median-of-three pivot, falling back to
 * a sort of what is left when the partitions stay unbalanced), O(n) expected and O(n log n) at worst. It works
 * on the integer keys of {@link OrderStatistics}, whose order is that of {@link Double#compare}, so -0.0 comes
 * before 0.0 with no further care.
 */
final class Selection {
    private static final int INSERTION = 16;

    private Selection() {}

    /**
     * Reorders {@code a[from..to)} so that {@code a[k]} holds the key a full sort would put there, with no
     * larger key before it and no smaller one after it.
     */
    static void select(long[] a, int from, int to, int k) {
        int depth = 2 * (32 - Integer.numberOfLeadingZeros(to - from));
        while (to - from > INSERTION) {
            if (depth-- == 0) {
                Arrays.sort(a, from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            sort3(a, from, mid, to - 1);
            long pivot = a[mid];
            int i = from;
            int j = to - 1;
            // Hoare's partition: [from, j] <= pivot <= [i, to), and whatever lies between equals the pivot
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                to = j + 1;
            } else if (k >= i) {
                from = i;
            } else {
                return;
            }
        }
        for (int i = from + 1; i < to; i++) {
            long v = a[i];
            int j = i - 1;
            while (j >= from && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** The smallest of {@code a[from..to)}, which must not be empty. */
    static long min(long[] a, int from, int to) {
        long min = a[from];
        for (int i = from + 1; i < to; i++) {
            min = Math.min(min, a[i]);
        }
        return min;
    }

    // Orders three elements in place; the middle one becomes the pivot and the outer two act as sentinels.
    private static void sort3(long[] a, int i, int j, int k) {
        if (a[j] < a[i]) {
            swap(a, i, j);
        }
        if (a[k] < a[j]) {
            swap(a, j, k);
            if (a[j] < a[i]) {
                swap(a, i, j);
            }
        }
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
