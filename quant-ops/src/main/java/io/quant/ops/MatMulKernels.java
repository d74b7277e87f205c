package io.quant.ops;

import io.quant.api.kernel.WarmedKernels;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.List;

/**
 * The inner loops of {@link IntMatMul}, in two implementations that give the same bits:
 * {@link ScalarMatMulKernels} (plain loops the JIT vectorizes) and {@code VectorMatMulKernels} (the
 * incubating Vector API, used only when {@code jdk.incubator.vector} is in the boot layer and vectors are
 * 256 bits or wider, and once warm: {@link WarmedKernels}). Property {@code quant.kernels}
 * ({@link WarmedKernels#PROPERTY}) chooses {@code scalar} or {@code vector} from the start.
 *
 * <p>Each implementation picks its own form of A's rows ({@code R}) and of an unpacked panel of B
 * ({@code P}); the blocking around them is {@link IntMatMul}'s. Both are exact, so that "the same bits" is
 * a matter of arithmetic, not luck: a GEMM tile sums signed-domain products ({@code |a b| <= 2^14}) over a
 * K block of at most {@link #KC} = 256 terms (1024 would still be exact: every partial sum an integer of
 * magnitude at most 2^24, which int and float both hold exactly); a GEMV sums unsigned-domain products
 * over at most {@link #GEMV_KC} terms in int.
 *
 * @param <R> A in the signed domain, by tiles of {@link #MR} rows, as {@link #toTile} writes them
 * @param <P> one unpacked panel of B, as {@link #unpack} writes it
 */
abstract class MatMulKernels<R, P> {
    /** Rows of a GEMM tile. */
    static final int MR = 4;
    /** Columns of a GEMM tile: one packed panel. */
    static final int NR = PackedB.NR;
    /**
     * Longest K block of a GEMM tile: an unpacked panel of 256 x 16 floats (16 KiB) stays in L1 while the
     * tiles sweep it. At most 1024: 1024 * 2^14 = 2^24, the last integer float counts to exactly.
     */
    static final int KC = 256;
    /** Longest K block of the GEMV: 16384 * 255 * 255 < 2^31, and its half-sums stay below 2^32. */
    static final int GEMV_KC = 16384;
    /** Batches with at most this many rows take {@link #dotPanels}, one row at a time; the rest GEMM tiles. */
    static final int GEMV_ROWS = 2;

    /**
     * In a holder, not in this class's own initializer: that would read {@link ScalarMatMulKernels#INSTANCE}
     * while the subclass's initialization, when it came first, is still waiting on this one (null).
     */
    private static final class Chosen {
        static final WarmedKernels<MatMulKernels<?, ?>> KERNELS = WarmedKernels.of("matmul",
                ScalarMatMulKernels.INSTANCE, MatMulKernels::vectorOrNull, WarmUp::run);
    }

    /** The kernels to run now: the vector ones once they are warm, the scalar ones before or without them. */
    static MatMulKernels<?, ?> get() {
        return Chosen.KERNELS.get();
    }

    /** "scalar", or "vector" with its width, for benchmark tables and bug reports. */
    abstract String name();

    /** Room for {@code length} values of A. */
    abstract R newRows(int length);

    /**
     * The {@code k} codes of {@code codes} from {@code from} as row {@code r} of the tile of {@link #MR}
     * rows that starts at {@code out[tile]} (each tile holds {@code MR * k} values, in the order
     * {@link #tile} reads them), in the signed domain: {@code (byte) (code ^ flip)} with {@code flip} 0x80
     * for uint8 codes and 0 for int8. Returns their sum, in that signed domain too (where {@link IntMatMul}
     * moves the zero points).
     */
    abstract long toTile(byte[] codes, int from, int k, int flip, R out, int tile, int r);

    /** Room for one unpacked panel of up to {@link #KC} rows. */
    abstract P newPanel();

    /**
     * Unpacks rows {@code [0, kc)} of one panel of {@link PackedB}, starting at row pair
     * {@code data[offset]}, into {@code panel} as signed-domain values ({@code stored - 128}).
     */
    abstract void unpack(byte[] data, int offset, int kc, P panel);

    /**
     * The sums {@code sums[r * 16 + j] = sum_{t < kc} a(r, k0 + t) * b(t, j)} for r below {@link #MR} and
     * j below 16, {@code a(r, .)} being row r of the tile of A that starts at {@code a[tile]} (rows of
     * {@code k} values; zeros beyond the matrix) and {@code kc <= KC}: exact integers.
     */
    abstract void tile(R a, int tile, int k, int k0, P panel, int kc, int[] sums);

    /**
     * One full 4 x 16 tile into narrow accumulators: for each row r and column j,
     * {@code c[o + r * ldc + j] = base + tile[r * 16 + j]}, base being the accumulator itself or, when
     * {@code first}, its zero-point term {@code za[i0 + r] * u[j0 + j] - rs[i0 + r] * zb[j0 + j]}; int
     * arithmetic wraps modulo 2^32, exact whenever the result fits. Four {@link #addRow} calls give the
     * same bits but made the vector GEMM 3 to 9% slower (column terms loaded per row, not per tile).
     */
    abstract void addTile(int[] tile, int[] c, int o, int ldc, boolean first, int[] za, int[] rs, int i0, int[] u,
            int[] zb, int j0);

    /**
     * One row of raw sums into narrow accumulators: {@code c[o + j] = base + sums[from + j]} for
     * {@code j < cols}, base being the accumulator itself or, when {@code first}, its zero-point term
     * {@code z * u[j0 + j] - rs * zb[j0 + j]}; int arithmetic modulo 2^32.
     */
    abstract void addRow(int[] sums, int from, int[] c, int o, int cols, boolean first, int z, int rs, int[] u, int[] zb,
            int j0);

    /**
     * GEMV over row pairs {@code [q0, q1)} of {@code count} consecutive panels, the first at
     * {@code data[offset]} and each {@code panelStride} bytes after the last:
     * {@code y[y0 + 16 p + j] = sum_q a(2q) b(2q, j) + a(2q + 1) b(2q + 1, j)} in the unsigned domain,
     * {@code pairs[q]} holding {@code a(2q)} in its low and {@code a(2q + 1)} in its high 16 bits;
     * {@code q1 - q0 <= GEMV_KC / 2}.
     */
    abstract void dotPanels(int[] pairs, int q0, int q1, byte[] data, int offset, int panelStride, int count, int[] y,
            int y0);

    /**
     * The warm-up: a GEMM of whole tiles and a GEMV, as IntMatMul calls the kernels, on operands made (and
     * B packed) once, by the warm-up thread when it first calls {@link #run}.
     */
    private static final class WarmUp {
        private static final int K = 256;
        private static final int N = 32;
        private static final byte[] CODES = codes();
        private static final Tensor B = Tensor.wrap(DType.INT8, Shape.of(K, N), CODES);
        private static final PackedB PACKED = PackedB.pack(B, 1, K, N);
        private static final List<Tensor> AS = List.of(
                Tensor.wrap(DType.UINT8, Shape.of(8, K), Arrays.copyOf(CODES, 8 * K)),
                Tensor.wrap(DType.UINT8, Shape.of(1, K), Arrays.copyOf(CODES, K)));

        static void run(MatMulKernels<?, ?> kernels) {
            for (Tensor a : AS) {
                MatMulShapes s = MatMulShapes.of("int-matmul", a.shape(), B.shape());
                IntMatMul.multiply(a, PACKED, new int[] {128}, new int[] {0}, s, false, kernels, 1);
            }
        }

        private static byte[] codes() {
            byte[] codes = new byte[K * N];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) (i * 37);
            }
            return codes;
        }
    }

    /** The Vector API kernels, or null when the module is absent or its vectors are too narrow. */
    static MatMulKernels<?, ?> vectorOrNull() {
        return WarmedKernels.createVectorOrNull(MethodHandles.lookup(), "io.quant.ops.VectorMatMulKernels",
                MatMulKernels.class);
    }
}
