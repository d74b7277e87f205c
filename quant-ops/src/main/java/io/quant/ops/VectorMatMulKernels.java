package io.quant.ops;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMulKernels} with the incubating Vector API on 256-bit vectors (AVX2): the only class of this
 * module that names {@code jdk.incubator.vector}; {@link MatMulKernels} loads it by name and only when the
 * module is in the boot layer.
 *
 * <p>GEMM: a 4 x 16 tile of float accumulators (8 registers), each step one broadcast of a per row (the
 * tile's rows interleaved) and two loads of unpacked b (in L1), 8 fused multiply-adds. Exact: every product is an integer of at most 2^14 and
 * every partial sum at most 2^22 (K blocks of 256), so no step rounds, fused or not.
 *
 * <p>GEMV: x86 has no 8-bit multiply, and the Vector API no {@code pmaddwd}; so two rows' unsigned codes
 * sit in the two 16-bit halves of each int lane, a pair {@code (a0, a1)} of a is broadcast the same way,
 * and one 16-bit multiply gives both products {@code p0, p1 <= 255 * 255 < 2^16} in the halves of a lane
 * {@code x = p1 * 2^16 + p0}. Summing {@code x} and {@code x >>> 16} gives {@code S = sum x} and
 * {@code H = sum p1} (mod 2^32), and {@code sum (p0 + p1) = S - 65535 * H}, exact while the true sum
 * fits (K blocks of 16384).
 */
final class VectorMatMulKernels extends MatMulKernels<float[], float[]> {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final int LANES = 8;
    /** JDK 17's ZERO_EXTEND_B2S throws (it builds its mask out of range); there, sign-extend and mask instead. */
    private static final boolean ZERO_EXTEND = zeroExtendWorks();

    private VectorMatMulKernels() {}

    /** The kernels, or null where 256-bit vectors are not native (the scalar loops are faster there). */
    static MatMulKernels<float[], float[]> createOrNull() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() < 256 ? null : new VectorMatMulKernels();
    }

    @Override
    String name() {
        return "vector 256-bit";
    }

    @Override
    float[] newRows(int length) {
        return new float[length];
    }

    @Override
    float[] newPanel() {
        return new float[KC * NR];
    }

    /**
     * A tile's rows interleaved, {@code a(r, t)} at {@code tile + t * MR + r}: each step of {@link #tile}
     * broadcasts {@link #MR} consecutive floats. Once per call and O(m k), so a plain loop.
     */
    @Override
    long toTile(byte[] codes, int from, int k, int flip, float[] out, int tile, int r) {
        long sum = 0;
        for (int t = 0, to = tile + r; t < k; t++, to += MR) {
            int value = (byte) (codes[from + t] ^ flip);
            out[to] = value;
            sum += value;
        }
        return sum;
    }

    @Override
    void unpack(byte[] data, int offset, int kc, float[] buf) {
        FloatVector half = FloatVector.broadcast(F, 128f);
        int pairs = (kc + 1) / 2;
        for (int q = 0, src = offset, dst = 0; q < pairs; q++, src += PackedB.PAIR_BYTES, dst += 2 * NR) {
            // each int lane holds one column's two rows: row 2q in the low half, row 2q + 1 in the high one
            IntVector x0 = widen(data, src).reinterpretAsInts();
            IntVector x1 = widen(data, src + 16).reinterpretAsInts();
            ((FloatVector) x0.and(0xFFFF).convert(VectorOperators.I2F, 0)).sub(half).intoArray(buf, dst);
            ((FloatVector) x1.and(0xFFFF).convert(VectorOperators.I2F, 0)).sub(half).intoArray(buf, dst + LANES);
            ((FloatVector) x0.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0)).sub(half)
                    .intoArray(buf, dst + NR);
            ((FloatVector) x1.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0)).sub(half)
                    .intoArray(buf, dst + NR + LANES);
        }
    }

    @Override
    void tile(float[] a, int tile, int k, int k0, float[] b, int kc, int[] sums) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        int a0 = tile + k0 * MR;
        // indexes computed from t alone, so that C2 hoists every bounds check out of the loop
        for (int t = 0; t < kc; t++) {
            FloatVector b0 = FloatVector.fromArray(F, b, t * NR);
            FloatVector b1 = FloatVector.fromArray(F, b, t * NR + LANES);
            FloatVector v = FloatVector.broadcast(F, a[a0 + t * MR]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(F, a[a0 + t * MR + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(F, a[a0 + t * MR + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(F, a[a0 + t * MR + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
        }
        store(c00, sums, 0);
        store(c01, sums, LANES);
        store(c10, sums, NR);
        store(c11, sums, NR + LANES);
        store(c20, sums, 2 * NR);
        store(c21, sums, 2 * NR + LANES);
        store(c30, sums, 3 * NR);
        store(c31, sums, 3 * NR + LANES);
    }

    private static void store(FloatVector sums, int[] tile, int at) {
        ((IntVector) sums.convert(VectorOperators.F2I, 0)).intoArray(tile, at);
    }

    @Override
    void addTile(int[] tile, int[] c, int o, int ldc, boolean first, int[] za, int[] rs, int i0, int[] u, int[] zb,
            int j0) {
        if (first) {
            IntVector u0 = IntVector.fromArray(I, u, j0);
            IntVector u1 = IntVector.fromArray(I, u, j0 + LANES);
            IntVector zb0 = IntVector.fromArray(I, zb, j0);
            IntVector zb1 = IntVector.fromArray(I, zb, j0 + LANES);
            for (int r = 0; r < MR; r++, o += ldc) {
                int zaR = za[i0 + r];
                int rsR = rs[i0 + r];
                IntVector.fromArray(I, tile, r * NR).add(u0.mul(zaR)).sub(zb0.mul(rsR)).intoArray(c, o);
                IntVector.fromArray(I, tile, r * NR + LANES).add(u1.mul(zaR)).sub(zb1.mul(rsR)).intoArray(c, o + LANES);
            }
        } else {
            for (int r = 0; r < MR; r++, o += ldc) {
                IntVector.fromArray(I, tile, r * NR).add(IntVector.fromArray(I, c, o)).intoArray(c, o);
                IntVector.fromArray(I, tile, r * NR + LANES).add(IntVector.fromArray(I, c, o + LANES))
                        .intoArray(c, o + LANES);
            }
        }
    }

    @Override
    void addRow(int[] sums, int from, int[] c, int o, int cols, boolean first, int z, int rs, int[] u, int[] zb,
            int j0) {
        int j = 0;
        if (first) {
            for (int bound = cols - LANES; j <= bound; j += LANES) {
                IntVector.fromArray(I, u, j0 + j).mul(z).sub(IntVector.fromArray(I, zb, j0 + j).mul(rs))
                        .add(IntVector.fromArray(I, sums, from + j)).intoArray(c, o + j);
            }
            for (; j < cols; j++) {
                c[o + j] = z * u[j0 + j] - rs * zb[j0 + j] + sums[from + j];
            }
        } else {
            for (int bound = cols - LANES; j <= bound; j += LANES) {
                IntVector.fromArray(I, c, o + j).add(IntVector.fromArray(I, sums, from + j)).intoArray(c, o + j);
            }
            for (; j < cols; j++) {
                c[o + j] += sums[from + j];
            }
        }
    }

    @Override
    void dotPanels(int[] pairs, int q0, int q1, byte[] data, int offset, int panelStride, int count, int[] y, int y0) {
        for (int p = 0; p < count; p++) {
            IntVector s0 = IntVector.zero(I);
            IntVector h0 = IntVector.zero(I);
            IntVector s1 = IntVector.zero(I);
            IntVector h1 = IntVector.zero(I);
            for (int q = q0, o = offset + p * panelStride; q < q1; q++, o += PackedB.PAIR_BYTES) {
                ShortVector av = IntVector.broadcast(I, pairs[q]).reinterpretAsShorts();
                IntVector x0 = av.mul(widen(data, o)).reinterpretAsInts();
                IntVector x1 = av.mul(widen(data, o + 16)).reinterpretAsInts();
                s0 = s0.add(x0);
                h0 = h0.add(x0.lanewise(VectorOperators.LSHR, 16));
                s1 = s1.add(x1);
                h1 = h1.add(x1.lanewise(VectorOperators.LSHR, 16));
            }
            int at = y0 + p * NR;
            s0.sub(h0.mul(65535)).intoArray(y, at);
            s1.sub(h1.mul(65535)).intoArray(y, at + LANES);
        }
    }

    /** 16 bytes from {@code data[at]} as unsigned 16-bit lanes. */
    private static ShortVector widen(byte[] data, int at) {
        ByteVector bytes = ByteVector.fromArray(B128, data, at);
        if (ZERO_EXTEND) {
            return (ShortVector) bytes.convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
        }
        return ((ShortVector) bytes.convertShape(VectorOperators.B2S, S, 0)).and((short) 0xFF);
    }

    private static boolean zeroExtendWorks() {
        try {
            ShortVector widened = (ShortVector) ByteVector.broadcast(B128, (byte) -1)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
            return widened.lane(0) == 255;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
