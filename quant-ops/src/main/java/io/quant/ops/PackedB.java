package io.quant.ops;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.IntStream;

/**
 * The right operand of an integer matmul, packed once for the kernels (as ONNX Runtime prepacks a constant
 * B) and remembered for as long as the tensor's array lives.
 *
 * <p>Layout: each K x N matrix is cut into panels of {@link #NR} columns (the last one padded with zeros);
 * inside a panel, rows go by pairs {@code (2q, 2q + 1)} (an odd K gets a zero row), and each pair holds
 * its 16 columns interleaved: {@code b[2q][j], b[2q + 1][j]} for j = 0..15, 32 bytes. The GEMV kernel
 * multiplies a pair of 16-bit lanes at a time; the GEMM kernel unpacks a panel into float rows. Codes are
 * stored in the unsigned domain: uint8 as they are, int8 plus 128 (its top bit flipped), so that a
 * product of two codes is never negative; {@link #columnSums} are sums of these stored values.
 *
 * <p>The cache is keyed by the identity of the tensor's array, held weakly: a tensor is read-only once
 * wrapped ({@link Tensor}'s contract), so the same array means the same codes, and packing is redone
 * only for a new array or when the same array is seen as another dtype or shape. Safe for concurrent
 * callers: a packed matrix is immutable, and two threads racing on a new array both pack it, once each.
 */
final class PackedB {
    /** Columns per panel: one 256-bit vector of 16 shorts per pair of rows. */
    static final int NR = 16;
    /** Bytes per pair of rows of a panel. */
    static final int PAIR_BYTES = 2 * NR;

    private static final Map<byte[], PackedB> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
    /** Distinct zero-point terms kept per packed matrix: a weight is used with one or two zero points. */
    private static final int TERMS_KEPT = 4;
    /** Packing bigger than this many bytes is split across the common pool. */
    private static final int PARALLEL_BYTES = 1 << 20;

    final int matrices;
    final int k;
    final int n;
    final int panels;
    /** ceil(k / 2): row pairs per panel. */
    final int pairs;
    /** Unsigned-domain codes in panel/pair order (class comment). */
    final byte[] data;
    /** For each matrix and column, the sum over k of the stored (unsigned-domain) codes. */
    final long[] columnSums;
    private final DType dtype;
    /** {@link #columnTerms} per (zero point, domain), for int32 results with one zero point for all of b. */
    private final Map<Long, ColumnTerms> terms = Collections.synchronizedMap(new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ColumnTerms> eldest) {
            return size() > TERMS_KEPT;
        }
    });

    private PackedB(DType dtype, int matrices, int k, int n) {
        this.dtype = requireNonNull(dtype, "dtype is null");
        this.matrices = matrices;
        this.k = k;
        this.n = n;
        this.panels = (n + NR - 1) / NR;
        this.pairs = (k + 1) / 2;
        long bytes = (long) matrices * panels * pairs * PAIR_BYTES;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new QuantException("int-matmul: b of " + matrices + " x " + k + " x " + n
                    + " codes is too large to pack into one Java array (" + bytes + " bytes)");
        }
        this.data = new byte[(int) bytes];
        this.columnSums = new long[matrices * n];
    }

    /** {@code b} ({@code matrices} K x N matrices of int8/uint8 codes, C order) packed, from the cache when it is there. */
    static PackedB of(Tensor b, int matrices, int k, int n) {
        byte[] key = b.bytes();
        PackedB cached = CACHE.get(key);
        if (cached != null && cached.matches(b.dtype(), matrices, k, n)) {
            return cached;
        }
        PackedB packed = pack(b, matrices, k, n);
        CACHE.put(key, packed);
        return packed;
    }

    /** Packs {@code b} without looking at the cache. */
    static PackedB pack(Tensor b, int matrices, int k, int n) {
        PackedB packed = new PackedB(b.dtype(), matrices, k, n);
        byte[] codes = b.bytes();
        int flip = b.dtype() == DType.UINT8 ? 0 : 0x80;
        int units = matrices * packed.panels;
        IntStream panels = IntStream.range(0, units);
        (packed.data.length >= PARALLEL_BYTES ? panels.parallel() : panels)
                .forEach(unit -> packed.packPanel(codes, flip, unit / packed.panels, unit % packed.panels));
        return packed;
    }

    /** Whether a tensor of {@code dtype} seen as these matrices packs to this. */
    boolean matches(DType dtype, int matrices, int k, int n) {
        return this.dtype == dtype && this.matrices == matrices && this.k == k && this.n == n;
    }

    /**
     * b's zero-point terms per matrix and column (padded to whole panels with zeros), in the domain that
     * moves codes by {@code -shift} from the unsigned one: {@code z = zb + zbShift} and
     * {@code u = K z - sum_k (b - shift) = K (z + shift) - sum_k b}; {@code zb} holds one zero point or one
     * per column. Narrow (int32) results take them modulo 2^32 in ints, wide ones in longs. With one zero
     * point and narrow results, cached: a weight's zero point does not change from call to call.
     */
    ColumnTerms columnTerms(int[] zb, long zbShift, long shift, boolean narrow) {
        boolean cache = narrow && zb.length == 1;
        Long key = cache ? (zb[0] + zbShift) * 2 + (shift == 0 ? 0 : 1) : null;
        if (cache) {
            ColumnTerms cached = terms.get(key);
            if (cached != null) {
                return cached;
            }
        }
        int columns = panels * NR;
        int size = matrices * columns;
        int[] u32 = narrow ? new int[size] : null;
        int[] z32 = narrow ? new int[size] : null;
        long[] u = narrow ? null : new long[size];
        long[] z = narrow ? null : new long[size];
        for (int matrix = 0; matrix < matrices; matrix++) {
            int at = matrix * columns;
            int from = matrix * n;
            for (int j = 0; j < n; j++) {
                long zj = (zb.length == 1 ? zb[0] : zb[j]) + zbShift;
                long uj = k * (zj + shift) - columnSums[from + j];
                if (narrow) {
                    z32[at + j] = (int) zj;
                    u32[at + j] = (int) uj;
                } else {
                    z[at + j] = zj;
                    u[at + j] = uj;
                }
            }
        }
        ColumnTerms computed = new ColumnTerms(u32, z32, u, z);
        if (cache) {
            terms.put(key, computed);
        }
        return computed;
    }

    /** {@link #columnTerms}: {@code u32} and {@code z32} for narrow results, {@code u} and {@code z} for wide ones. */
    record ColumnTerms(int[] u32, int[] z32, long[] u, long[] z) {}

    /** Whether b's codes are uint8 (stored as they are) rather than int8 (stored plus 128). */
    boolean unsignedCodes() {
        return dtype == DType.UINT8;
    }

    /** Index in {@link #data} of row pair {@code pair} of panel {@code panel} of matrix {@code matrix}. */
    int offset(int matrix, int panel, int pair) {
        return ((matrix * panels + panel) * pairs + pair) * PAIR_BYTES;
    }

    private void packPanel(byte[] codes, int flip, int matrix, int panel) {
        int j0 = panel * NR;
        int cols = Math.min(NR, n - j0);
        int src = matrix * k * n + j0;
        int dst = offset(matrix, panel, 0);
        // this panel's columns are its own slice of columnSums: parallel panels never share an element
        long[] sums = columnSums;
        int sum0 = matrix * n + j0;
        for (int row = 0; row < k; row++, src += n) {
            int at = dst + (row >> 1) * PAIR_BYTES + (row & 1);
            for (int j = 0; j < cols; j++) {
                int code = (codes[src + j] ^ flip) & 0xFF;
                data[at + 2 * j] = (byte) code;
                sums[sum0 + j] += code;
            }
        }
    }

    /** The cached packing of {@code b}'s array, or null (tests). */
    static PackedB cached(Tensor b) {
        return CACHE.get(b.bytes());
    }
}
