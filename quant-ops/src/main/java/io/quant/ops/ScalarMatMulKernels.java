package io.quant.ops;

import java.util.Arrays;

/**
 * {@link MatMulKernels} as plain loops over int arrays: what runs without the Vector API (JDK 17 without
 * {@code --add-modules jdk.incubator.vector}, or {@code -Dquant.kernels=scalar}). A tile is 64 int dot
 * products over contiguous runs (A's rows, B's panel unpacked transposed), four columns sharing each load
 * of A: the form C2 turns into vector multiply-adds on its own.
 */
final class ScalarMatMulKernels extends MatMulKernels<int[], int[]> {
    static final ScalarMatMulKernels INSTANCE = new ScalarMatMulKernels();

    private ScalarMatMulKernels() {}

    @Override
    String name() {
        return "scalar";
    }

    @Override
    int[] newRows(int length) {
        return new int[length];
    }

    /** A tile's rows one after the other: the dot products below run over contiguous values. */
    @Override
    long toTile(byte[] codes, int from, int k, int flip, int[] out, int tile, int r) {
        long sum = 0;
        for (int t = 0, to = tile + r * k; t < k; t++) {
            int value = (byte) (codes[from + t] ^ flip);
            out[to + t] = value;
            sum += value;
        }
        return sum;
    }

    @Override
    int[] newPanel() {
        return new int[NR * KC];
    }

    /** The panel transposed: column j's kc values contiguous at {@code panel[j * kc]}, written in order. */
    @Override
    void unpack(byte[] data, int offset, int kc, int[] panel) {
        for (int j = 0; j < NR; j++) {
            int dst = j * kc;
            int src = offset + 2 * j;
            for (int t = 0; t < kc; t++) {
                panel[dst + t] = (data[src + (t >> 1) * PackedB.PAIR_BYTES + (t & 1)] & 0xFF) - 128;
            }
        }
    }

    @Override
    void tile(int[] a, int tile, int k, int k0, int[] panel, int kc, int[] sums) {
        for (int r = 0; r < MR; r++) {
            int ar = tile + r * k + k0;
            for (int j = 0; j < NR; j += 4) {
                int b0 = j * kc;
                int b1 = b0 + kc;
                int b2 = b1 + kc;
                int b3 = b2 + kc;
                int s0 = 0;
                int s1 = 0;
                int s2 = 0;
                int s3 = 0;
                for (int t = 0; t < kc; t++) {
                    int x = a[ar + t];
                    s0 += x * panel[b0 + t];
                    s1 += x * panel[b1 + t];
                    s2 += x * panel[b2 + t];
                    s3 += x * panel[b3 + t];
                }
                int o = r * NR + j;
                sums[o] = s0;
                sums[o + 1] = s1;
                sums[o + 2] = s2;
                sums[o + 3] = s3;
            }
        }
    }

    /** Row by row: the plain loops of {@link #addRow}, which C2 inlines here (this class is final). */
    @Override
    void addTile(int[] tile, int[] c, int o, int ldc, boolean first, int[] za, int[] rs, int i0, int[] u, int[] zb,
            int j0) {
        for (int r = 0; r < MR; r++, o += ldc) {
            addRow(tile, r * NR, c, o, NR, first, za[i0 + r], rs[i0 + r], u, zb, j0);
        }
    }

    @Override
    void addRow(int[] sums, int from, int[] c, int o, int cols, boolean first, int z, int rs, int[] u, int[] zb,
            int j0) {
        if (first) {
            for (int j = 0; j < cols; j++) {
                c[o + j] = z * u[j0 + j] - rs * zb[j0 + j] + sums[from + j];
            }
        } else {
            for (int j = 0; j < cols; j++) {
                c[o + j] += sums[from + j];
            }
        }
    }

    @Override
    void dotPanels(int[] pairs, int q0, int q1, byte[] data, int offset, int panelStride, int count, int[] y, int y0) {
        int[] acc = new int[NR];
        for (int p = 0; p < count; p++) {
            Arrays.fill(acc, 0);
            int o = offset + p * panelStride;
            for (int q = q0; q < q1; q++, o += PackedB.PAIR_BYTES) {
                int lo = pairs[q] & 0xFFFF;
                int hi = pairs[q] >>> 16;
                for (int j = 0; j < NR; j++) {
                    acc[j] += lo * (data[o + 2 * j] & 0xFF) + hi * (data[o + 2 * j + 1] & 0xFF);
                }
            }
            System.arraycopy(acc, 0, y, y0 + p * NR, NR);
        }
    }
}
