package io.quant.ops;

import io.quant.api.QuantException;
import io.quant.api.kernel.Parallelism;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Tensor;
import java.util.stream.IntStream;

/**
 * The integer matmul behind {@code int-matmul} (ONNX MatMulInteger):
 * {@code acc[i, j] = sum_k (a[i, k] - za) * (b[k, j] - zb)} on int8/uint8 codes, exact.
 *
 * <p>The kernels multiply the raw codes and the zero points enter once per result, as in seed 000:
 * {@code sum (a - za)(b - zb) = sum a b + za (K zb - sum_k b) - zb sum_k a}. Codes are first moved to one
 * domain whatever their dtype: signed ({@code code - 128} for uint8) for the GEMM, unsigned
 * ({@code code + 128} for int8) for the GEMV, the zero points and sums moved with them.
 *
 * <p>Blocking as in BLIS/GotoBLAS: B is packed once into panels of 16 columns ({@link PackedB}, cached
 * while its array lives); A's rows are converted once per call into the kernels' form (float for the
 * Vector API, by tiles of 4 rows); for each K block of at most {@link MatMulKernels#KC} (256), each
 * block of {@link #MC} rows of A (128 KiB of floats, in L2) and each panel, the panel is unpacked (16 KiB,
 * in L1) and swept by every 4-row tile of the block, each tile a 4 x 16 block of register accumulators. Batches of one or two rows
 * take the GEMV kernel instead, which reads the packed bytes directly. Work is split over the current
 * fork-join pool (the common pool from outside one) by columns (A is shared), then by rows when columns
 * run out, a few tasks per thread so that a thread slowed by other processes does not hold up the rest.
 *
 * <p>Narrow results (int32) add in int with wrap-around, exact whenever the true result fits in int32
 * (two's complement arithmetic is arithmetic modulo 2^32): the caller chooses narrow results only when it
 * does. Wide results add into long.
 */
final class IntMatMul {
    /** Rows of A per block: MC x KC floats (128 KiB) stay in L2 while the unpacked panels pass. */
    static final int MC = 128;
    private static final int MR = MatMulKernels.MR;
    private static final int NR = MatMulKernels.NR;
    /** Below this many multiply-adds, threads cost more than they save. */
    private static final long PARALLEL_WORK = 1L << 21;
    /** Multiply-adds per parallel task at least (some tens of microseconds). */
    private static final long MIN_TASK_WORK = 1L << 20;

    private IntMatMul() {}

    /**
     * The accumulators of {@code a @ b} for the shapes {@code s}, as {@code int[]} ({@code wide} false:
     * the caller guarantees that every result fits in int32) or {@code long[]}, in the C order of
     * {@code s.out}. {@code za} holds one zero point or one per row of a, {@code zb} one or one per column
     * of b.
     */
    static Object multiply(Tensor a, Tensor b, int[] za, int[] zb, MatMulShapes s, boolean wide) {
        if (s.out.size() == 0) {
            // nothing to compute: b need not be packed (nor kept in the cache)
            return wide ? new long[0] : new int[0];
        }
        long work = s.multiplyAdds();
        int threads = Parallelism.threads();
        int tasks = threads > 1 && work >= PARALLEL_WORK ? (int) Math.min(4L * threads, work / MIN_TASK_WORK) : 1;
        return multiply(a, PackedB.of(b, s.bMatrices, s.k, s.n), za, zb, s, wide, MatMulKernels.get(), tasks);
    }

    /**
     * {@link #multiply} with B already packed, on the given kernels, split into about {@code tasks} tasks
     * on the current fork-join pool (1: all on the calling thread).
     */
    static Object multiply(Tensor a, PackedB b, int[] za, int[] zb, MatMulShapes s, boolean wide,
            MatMulKernels<?, ?> kernels, int tasks) {
        if (s.out.size() == 0) {
            return wide ? new long[0] : new int[0];
        }
        Product<?, ?> product = new Product<>(a, b, za, zb, s, wide, kernels);
        product.prepare(tasks > 1);
        product.run(tasks);
        return wide ? product.broad : product.narrow;
    }

    /** One call: operands prepared once, then tasks over (batch, rows, panels) on any thread. */
    private static final class Product<R, P> {
        private final Tensor a;
        private final PackedB b;
        private final MatMulShapes s;
        private final MatMulKernels<R, P> kernels;
        private final int m;
        private final int k;
        private final int n;
        private final boolean gemv;
        /** Rows per A matrix rounded up to whole tiles (GEMM), or m (GEMV). */
        private final int rows;
        /** Columns per B matrix rounded up to whole panels. */
        private final int columns;
        final int[] narrow;
        final long[] broad;
        /** GEMM: A in the signed domain as rows of k in the kernels' form, rows per matrix padded to whole tiles. */
        private R aRows;
        /** GEMV: A in the unsigned domain, two codes per int (row pairs of k, as B's panels). */
        private int[] aPairs;
        /** Zero-point terms in the kernels' domain, per row of each A matrix and per column of each B matrix. */
        private long[] rowZ;
        private long[] rowSum;
        private long[] colU;
        private long[] colZ;
        /** The same terms modulo 2^32, for narrow results. */
        private int[] rowZ32;
        private int[] rowSum32;
        private int[] colU32;
        private int[] colZ32;
        private final int[] za;
        private final int[] zb;

        private Product(Tensor a, PackedB b, int[] za, int[] zb, MatMulShapes s, boolean wide, MatMulKernels<R, P> kernels) {
            this.a = a;
            this.b = b;
            this.za = za;
            this.zb = zb;
            this.s = s;
            this.kernels = kernels;
            this.m = s.m;
            this.k = s.k;
            this.n = s.n;
            this.gemv = m <= MatMulKernels.GEMV_ROWS;
            this.rows = gemv ? m : (m + MR - 1) / MR * MR;
            this.columns = b.panels * NR;
            int size = s.batches() * m * n;
            this.narrow = wide ? null : new int[size];
            this.broad = wide ? new long[size] : null;
        }

        /** Converts A and works out the zero-point terms. */
        void prepare(boolean parallel) {
            int matrices = s.aMatrices;
            long[] rowSums = new long[matrices * rows];
            byte[] codes = a.bytes();
            boolean unsignedA = a.dtype() == DType.UINT8;
            if (gemv) {
                aPairs = new int[matrices * m * b.pairs];
                int flip = unsignedA ? 0 : 0x80;
                for (int row = 0; row < matrices * m; row++) {
                    rowSums[row] = toPairs(codes, row * k, flip, aPairs, row * b.pairs);
                }
            } else {
                long length = (long) matrices * rows * k;
                if (length > Integer.MAX_VALUE - 16) {
                    throw new QuantException("int-matmul: a of " + matrices + " x " + m + " x " + k
                            + " codes is too large to convert into one Java array");
                }
                aRows = kernels.newRows((int) length);
                int flip = unsignedA ? 0x80 : 0;
                int blocks = (m + MC - 1) / MC;
                IntStream tasks = IntStream.range(0, matrices * blocks);
                (parallel ? tasks.parallel() : tasks).forEach(task -> {
                    int matrix = task / blocks;
                    int i1 = Math.min(m, (task % blocks + 1) * MC);
                    for (int i = (task % blocks) * MC; i < i1; i++) {
                        int row = matrix * rows + i;
                        rowSums[row] = kernels.toTile(codes, (matrix * m + i) * k, k, flip, aRows,
                                (row - i % MR) * k, i % MR);
                    }
                });
            }
            long shift = gemv ? 0 : 128;
            rowTerms(rowSums, (unsignedA ? 0 : 128) - shift);
            PackedB.ColumnTerms columnTerms = b.columnTerms(zb, (b.unsignedCodes() ? 0 : 128) - shift, shift,
                    narrow != null);
            colU32 = columnTerms.u32();
            colZ32 = columnTerms.z32();
            colU = columnTerms.u();
            colZ = columnTerms.z();
        }

        /**
         * The row terms of {@code sum (a - za)(b - zb) = sum a b + za (K zb - sum_k b) - zb sum_k a}:
         * {@code za} moved into the kernels' domain by {@code zaShift}, next to the row sums, which the
         * conversion above already formed in that domain. Narrow results keep them modulo 2^32 in ints
         * (vector-friendly), wide ones in longs.
         */
        private void rowTerms(long[] rowSums, long zaShift) {
            int rowCount = s.aMatrices * rows;
            if (narrow != null) {
                rowZ32 = new int[rowCount];
                rowSum32 = new int[rowCount];
            } else {
                rowZ = new long[rowCount];
                rowSum = new long[rowCount];
            }
            for (int matrix = 0; matrix < s.aMatrices; matrix++) {
                for (int i = 0; i < m; i++) {
                    int row = matrix * rows + i;
                    long z = (za.length == 1 ? za[0] : za[i]) + zaShift;
                    if (narrow != null) {
                        rowZ32[row] = (int) z;
                        rowSum32[row] = (int) rowSums[row];
                    } else {
                        rowZ[row] = z;
                        rowSum[row] = rowSums[row];
                    }
                }
            }
        }

        /** Runs about {@code wanted} tasks: one batch row (GEMV) or rows of a batch (GEMM) by a range of panels. */
        void run(int wanted) {
            int units = s.batches() * (gemv ? m : 1);
            int perUnit = (int) Math.max(1, (wanted + units - 1L) / units);
            int panelChunks = Math.min(b.panels, perUnit);
            int rowChunks = gemv ? 1 : Math.min(rows / MR, (perUnit + panelChunks - 1) / panelChunks);
            int panelStep = (b.panels + panelChunks - 1) / panelChunks;
            int rowStep = (rows / MR + rowChunks - 1) / rowChunks * MR;
            int chunks = panelChunks * rowChunks;
            IntStream tasks = IntStream.range(0, units * chunks);
            (wanted > 1 ? tasks.parallel() : tasks).forEach(task -> {
                int unit = task / chunks;
                int chunk = task % chunks;
                int p0 = (chunk % panelChunks) * panelStep;
                int p1 = Math.min(b.panels, p0 + panelStep);
                if (p0 >= p1) {
                    return;
                }
                if (gemv) {
                    gemv(unit / m, unit % m, p0, p1);
                } else {
                    int i0 = (chunk / panelChunks) * rowStep;
                    if (i0 < rows) {
                        gemm(unit, i0, Math.min(rows, i0 + rowStep), p0, p1);
                    }
                }
            });
        }

        /** Rows {@code [i0, i1)} (whole tiles) of batch {@code batch}, columns of panels {@code [p0, p1)}. */
        private void gemm(int batch, int i0, int i1, int p0, int p1) {
            int aRow = s.aMatrix[batch] * rows;
            int bMatrix = s.bMatrix[batch];
            int col = bMatrix * columns;
            int out = batch * m * n;
            P panel = kernels.newPanel();
            int[] tile = new int[MR * NR];
            for (int k0 = 0; k0 < k; k0 += MatMulKernels.KC) {
                int kc = Math.min(MatMulKernels.KC, k - k0);
                boolean first = k0 == 0;
                for (int ic = i0; ic < i1; ic += MC) {
                    int icEnd = Math.min(i1, ic + MC);
                    for (int p = p0; p < p1; p++) {
                        kernels.unpack(b.data, b.offset(bMatrix, p, k0 / 2), kc, panel);
                        int j0 = p * NR;
                        int cols = Math.min(NR, n - j0);
                        for (int i = ic; i < icEnd; i += MR) {
                            int rowsHere = Math.min(MR, m - i);
                            kernels.tile(aRows, (aRow + i) * k, k, k0, panel, kc, tile);
                            int o = out + i * n + j0;
                            if (narrow != null && cols == NR && rowsHere == MR) {
                                kernels.addTile(tile, narrow, o, n, first, rowZ32, rowSum32, aRow + i, colU32, colZ32, col + j0);
                            } else {
                                merge(tile, NR, rowsHere, cols, o, first, aRow + i, col + j0);
                            }
                        }
                    }
                }
            }
        }

        /** Row {@code i} of batch {@code batch}, columns of panels {@code [p0, p1)}. */
        private void gemv(int batch, int i, int p0, int p1) {
            int aRow = s.aMatrix[batch] * rows + i;
            int bMatrix = s.bMatrix[batch];
            int[] y = new int[(p1 - p0) * NR];
            int cols = Math.min(n, p1 * NR) - p0 * NR;
            int o = batch * m * n + i * n + p0 * NR;
            int base = aRow * b.pairs;
            for (int q0 = 0; q0 < b.pairs; q0 += MatMulKernels.GEMV_KC / 2) {
                int q1 = Math.min(b.pairs, q0 + MatMulKernels.GEMV_KC / 2);
                kernels.dotPanels(aPairs, base + q0, base + q1, b.data, b.offset(bMatrix, p0, q0), b.pairs * PackedB.PAIR_BYTES,
                        p1 - p0, y, 0);
                merge(y, 0, 1, cols, o, q0 == 0, aRow, bMatrix * columns + p0 * NR);
            }
        }

        /**
         * Adds a block of raw sums ({@code rowsHere x cols}, row stride {@code stride} in {@code sums}) into
         * the output at {@code o}, first setting each result to its zero-point term when {@code first}.
         */
        private void merge(int[] sums, int stride, int rowsHere, int cols, int o, boolean first, int row, int col) {
            for (int r = 0; r < rowsHere; r++, o += n) {
                int t = r * stride;
                if (narrow != null) {
                    kernels.addRow(sums, t, narrow, o, cols, first, rowZ32[row + r], rowSum32[row + r], colU32, colZ32, col);
                } else if (first) {
                    long z = rowZ[row + r];
                    long rs = rowSum[row + r];
                    for (int j = 0; j < cols; j++) {
                        broad[o + j] = z * colU[col + j] - rs * colZ[col + j] + sums[t + j];
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        broad[o + j] += sums[t + j];
                    }
                }
            }
        }

        /** Row {@code [from, from + k)} of codes as unsigned-domain pairs; returns the row's sum. */
        private long toPairs(byte[] codes, int from, int flip, int[] out, int to) {
            long sum = 0;
            int half = k / 2;
            for (int q = 0; q < half; q++) {
                int lo = (codes[from + 2 * q] ^ flip) & 0xFF;
                int hi = (codes[from + 2 * q + 1] ^ flip) & 0xFF;
                out[to + q] = lo | hi << 16;
                sum += lo + hi;
            }
            if (k % 2 != 0) {
                int lo = (codes[from + k - 1] ^ flip) & 0xFF;
                out[to + half] = lo;
                sum += lo;
            }
            return sum;
        }
    }
}
