package io.quant.ops;

import static io.quant.ops.OpRunner.dims;
import static io.quant.ops.OpRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GEMM and GEMV kernels, scalar and Vector API, against numpy's matmul written as int64 loops
 * ({@link IntMatMulOpTest#reference}): every edge of the blocking (tiles of 4 x 16, K blocks of 256 and
 * 16384, odd K, one or two rows, batches, split tasks), narrow and wide accumulators, and the two kernels
 * giving the same bits.
 */
final class IntMatMulKernelsTest {
    private static final DType[] TYPES = {DType.INT8, DType.UINT8};
    private static List<MatMulKernels<?, ?>> kernels;

    @BeforeAll
    static void bothKernels() throws InterruptedException {
        kernels = new ArrayList<>(List.of(ScalarMatMulKernels.INSTANCE));
        MatMulKernels<?, ?> vector = MatMulKernels.vectorOrNull();
        if (FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256) {
            // the tests run with --add-modules jdk.incubator.vector: on AVX2 and wider the vector kernels must load
            assertThat(vector).isNotNull();
            assertThat(vector.name()).isEqualTo("vector 256-bit");
            // scalar first, then the vector kernels once the warm-up thread has seen C2 compile them
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!MatMulKernels.get().name().equals("vector 256-bit") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(MatMulKernels.get().name()).isEqualTo("vector 256-bit");
        }
        if (vector != null) {
            kernels.add(vector);
        }
    }

    @Test
    void gemvRowsMatchTheReference() {
        Random random = new Random(11);
        int[][][] shapes = {
                {{1, 1}, {1, 1}}, {{1, 3}, {3, 17}}, {{2, 1025}, {1025, 33}}, {{5}, {5, 16}}, {{7}, {7}},
                {{2, 2, 40}, {40, 20}}, {{2, 1, 1, 9}, {3, 9, 5}}};
        for (int[][] shape : shapes) {
            checkAllWays(random, shape[0], shape[1]);
        }
    }

    @Test
    void gemmTilesAndBlocksMatchTheReference() {
        Random random = new Random(12);
        int[][][] shapes = {
                {{3, 1}, {1, 16}}, {{4, 16}, {16, 16}}, {{5, 17}, {17, 15}}, {{7, 1023}, {1023, 31}},
                {{9, 1024}, {1024, 16}}, {{6, 1025}, {1025, 48}}, {{130, 70}, {70, 37}}, {{2, 1, 3, 5}, {4, 5, 18}},
                {{3, 70}, {2, 70, 20}}, {{3, 4, 9}, {9, 1}}};
        for (int[][] shape : shapes) {
            checkAllWays(random, shape[0], shape[1]);
        }
    }

    @Test
    void longKAndManyRowsMatchTheReference() {
        Random random = new Random(13);
        // 9 K blocks of the GEMM (the last short), 2 row blocks of 128 (the second a partial tile), 2 panels and a bit
        check(random, dims(131, 2100), dims(2100, 35), DType.UINT8, DType.INT8, true, false);
        check(random, dims(131, 2100), dims(2100, 35), DType.INT8, DType.UINT8, false, true);
        // 2 K blocks of the GEMV: 16387 codes are 8194 pairs, one more than 8192
        check(random, dims(1, 16387), dims(16387, 18), DType.UINT8, DType.UINT8, true, false);
        check(random, dims(2, 16387), dims(16387, 3), DType.INT8, DType.INT8, false, true);
    }

    /** Every dtype pair, with per-tensor and per-row/column zero points, into int32 and int64. */
    private static void checkAllWays(Random random, int[] aDims, int[] bDims) {
        for (DType aType : TYPES) {
            for (DType bType : TYPES) {
                check(random, aDims, bDims, aType, bType, false, false);
                check(random, aDims, bDims, aType, bType, true, true);
            }
        }
    }

    /**
     * One product on every kernel, in one task and split into 7, narrow and wide, against the reference;
     * {@code perChannel} picks zero points per row/column, {@code far} zero points outside the codes.
     */
    private static void check(Random random, int[] aDims, int[] bDims, DType aType, DType bType, boolean perChannel,
            boolean far) {
        Tensor a = IntMatMulOpTest.randomCodes(random, aType, aDims);
        Tensor b = IntMatMulOpTest.randomCodes(random, bType, bDims);
        MatMulShapes s = MatMulShapes.of("int-matmul", a.shape(), b.shape());
        int[] za = zeroPoints(random, perChannel ? s.m : 1, aType, far);
        int[] zb = zeroPoints(random, perChannel ? s.n : 1, bType, far);
        long[] expected = IntMatMulOpTest.reference(a, b, za, zb, s.out);
        PackedB packed = PackedB.pack(b, s.bMatrices, s.k, s.n);
        String what = aType + Arrays.toString(aDims) + " @ " + bType + Arrays.toString(bDims) + " za "
                + Arrays.toString(za) + " zb " + Arrays.toString(zb);
        for (MatMulKernels<?, ?> kernel : kernels) {
            for (int tasks : new int[] {1, 7}) {
                long[] wide = (long[]) IntMatMul.multiply(a, packed, za, zb, s, true, kernel, tasks);
                assertThat(wide).as("%s, %s, %d tasks, int64", what, kernel.name(), tasks).containsExactly(expected);
                if (fitsInt(expected)) {
                    int[] narrow = (int[]) IntMatMul.multiply(a, packed, za, zb, s, false, kernel, tasks);
                    assertThat(widen(narrow)).as("%s, %s, %d tasks, int32", what, kernel.name(), tasks)
                            .containsExactly(expected);
                }
            }
        }
    }

    private static int[] zeroPoints(Random random, int count, DType type, boolean far) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            // far: as seed 001's -190, or an int32 zero point far outside any code
            values[i] = far ? (i % 2 == 0 ? -190 : 70_000 - random.nextInt(140_000)) : (int) type.minValue() + random.nextInt(256);
        }
        return values;
    }

    @Test
    void floatSumsOfOddProductsStayBelow2To24() {
        // 127 * 127 = 16129 is odd, so t * 16129 is odd for odd t, and a float holds an odd integer only below
        // 2^24: up to t = 1040. A GEMM tile's K block of 256 stays below 2^22; a block of 1041 or more would
        // round. K on both sides of the block edges, and past 1040 where the blocks' sums must add in int
        assertThat(16129L * 1040).isLessThan(1L << 24);
        assertThat(16129L * 1041).isGreaterThan(1L << 24);
        // {a dtype, a code, b dtype, b code} (TYPES' indexes) with signed-domain values +-127 in every dtype
        // pair: int8 127 and -127 stay, uint8 255 is 127 and uint8 1 is -127
        int[][] codes = {{0, 127, 0, 127}, {1, 255, 1, 255}, {1, 1, 0, 127}, {0, -127, 1, 1}};
        for (int[] c : codes) {
            DType aType = TYPES[c[0]];
            DType bType = TYPES[c[2]];
            for (int k : new int[] {255, 256, 257, 511, 512, 513, 1040, 1041, 2049}) {
                // 5 rows take the GEMM (a full tile and a partial one), 17 columns a full panel and a partial one;
                // zero points 0, so every result is k * a * b
                long[] expected = new long[5 * 17];
                Arrays.fill(expected, (long) k * c[1] * c[3]);
                assertAllKernels(filled(aType, 5, k, c[1]), filled(bType, k, 17, c[3]), new int[] {0}, new int[] {0},
                        expected);
            }
        }
    }

    @Test
    void unsignedPairSumsAreExactUpToTheInt32Limit() {
        // 255 * 255 * 33025 = 2147450625 < 2^31: int32 accumulators, the GEMV's K blocks of 16384 and the
        // GEMM's of 256 both add up to it exactly
        int k = 33025;
        long sum = 255L * 255 * k;
        assertThat(sum).isEqualTo(2_147_450_625L).isLessThan(1L << 31);
        for (int m : new int[] {1, 3}) {
            long[] expected = new long[m * 2];
            Arrays.fill(expected, sum);
            assertAllKernels(filled(DType.UINT8, m, k, 255), filled(DType.UINT8, k, 2, 255), new int[] {0}, new int[] {0},
                    expected);
        }
    }

    private static void assertAllKernels(Tensor a, Tensor b, int[] za, int[] zb, long[] expected) {
        MatMulShapes s = MatMulShapes.of("int-matmul", a.shape(), b.shape());
        PackedB packed = PackedB.pack(b, s.bMatrices, s.k, s.n);
        for (MatMulKernels<?, ?> kernel : kernels) {
            assertThat(widen((int[]) IntMatMul.multiply(a, packed, za, zb, s, false, kernel, 1))).as(kernel.name())
                    .containsExactly(expected);
            assertThat((long[]) IntMatMul.multiply(a, packed, za, zb, s, true, kernel, 3)).as(kernel.name())
                    .containsExactly(expected);
        }
    }

    @Test
    void bothKernelsGiveTheSameBitsOnALargeProduct() {
        Random random = new Random(14);
        Tensor a = IntMatMulOpTest.randomCodes(random, DType.UINT8, dims(2, 70, 1100));
        Tensor b = IntMatMulOpTest.randomCodes(random, DType.INT8, dims(1100, 90));
        MatMulShapes s = MatMulShapes.of("int-matmul", a.shape(), b.shape());
        PackedB packed = PackedB.pack(b, 1, 1100, 90);
        int[] za = {131};
        int[] zb = {-2};
        int[] first = (int[]) IntMatMul.multiply(a, packed, za, zb, s, false, kernels.get(0), 4);
        for (MatMulKernels<?, ?> kernel : kernels) {
            assertThat((int[]) IntMatMul.multiply(a, packed, za, zb, s, false, kernel, 4)).as(kernel.name()).isEqualTo(first);
        }
        assertThat(widen(first)).containsExactly(IntMatMulOpTest.reference(a, b, za, zb, s.out));
    }

    @Test
    void weightsArePackedOncePerArrayDtypeAndShape() {
        Random random = new Random(15);
        Tensor b = IntMatMulOpTest.randomCodes(random, DType.INT8, dims(6, 20));
        Tensor a = IntMatMulOpTest.randomCodes(random, DType.UINT8, dims(5, 6));
        assertThat(PackedB.cached(b)).isNull();
        Tensor y = run(new IntMatMulOp(), Map.of("a", a, "b", b));
        PackedB packed = PackedB.cached(b);
        assertThat(packed).isNotNull();
        assertThat(PackedB.of(b, 1, 6, 20)).isSameAs(packed);
        // a second call reuses the packing
        assertThat(run(new IntMatMulOp(), Map.of("a", a, "b", b))).isEqualTo(y);
        assertThat(PackedB.cached(b)).isSameAs(packed);
        assertThat(widen(y.ints())).containsExactly(
                IntMatMulOpTest.reference(a, b, new int[] {0}, new int[] {0}, Shape.of(5, 20)));

        // other zero points and the GEMV's domain (one row) on the same packing: their own column terms
        for (int zb : new int[] {5, -128, 5}) {
            for (Tensor rows : new Tensor[] {a, IntMatMulOpTest.randomCodes(random, DType.UINT8, dims(1, 6))}) {
                Tensor yz = run(new IntMatMulOp(), Map.of("a", rows, "b", b, "a_zero_point", OpRunner.scalar(DType.UINT8, 9),
                        "b_zero_point", OpRunner.scalar(DType.INT8, zb)));
                assertThat(widen(yz.ints())).as("zb %d, %d rows", zb, rows.shape().dim(0)).containsExactly(
                        IntMatMulOpTest.reference(rows, b, new int[] {9}, new int[] {zb}, yz.shape()));
            }
        }
        assertThat(PackedB.cached(b)).isSameAs(packed);

        // the same array read as uint8, or with another shape, is other codes: packed anew, right results
        Tensor unsigned = Tensor.wrap(DType.UINT8, b.shape(), b.bytes());
        Tensor yu = run(new IntMatMulOp(), Map.of("a", a, "b", unsigned));
        assertThat(widen(yu.ints())).containsExactly(
                IntMatMulOpTest.reference(a, unsigned, new int[] {0}, new int[] {0}, Shape.of(5, 20)));
        assertThat(PackedB.cached(b)).isNotSameAs(packed);
        Tensor reshaped = b.reshape(Shape.of(2, 3, 20));
        Tensor a3 = IntMatMulOpTest.randomCodes(random, DType.UINT8, dims(4, 3));
        Tensor yr = run(new IntMatMulOp(), Map.of("a", a3, "b", reshaped));
        assertThat(widen(yr.ints())).containsExactly(
                IntMatMulOpTest.reference(a3, reshaped, new int[] {0}, new int[] {0}, Shape.of(2, 4, 20)));
        assertThat(PackedB.cached(b).matches(DType.INT8, 2, 3, 20)).isTrue();
    }

    @Test
    void concurrentCallsOnNewWeightsAgree() throws Exception {
        Random random = new Random(16);
        IntMatMulOp op = new IntMatMulOp();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                Tensor b = IntMatMulOpTest.randomCodes(random, DType.INT8, dims(300, 40));
                List<Tensor> as = new ArrayList<>();
                List<Future<Tensor>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    Tensor a = IntMatMulOpTest.randomCodes(random, DType.UINT8, dims(t % 3 == 0 ? 1 : 9, 300));
                    as.add(a);
                    results.add(pool.submit(() -> run(op, Map.of("a", a, "b", b))));
                }
                for (int t = 0; t < 8; t++) {
                    Tensor a = as.get(t);
                    assertThat(widen(results.get(t).get().ints())).containsExactly(
                            IntMatMulOpTest.reference(a, b, new int[] {0}, new int[] {0}, Shape.of(a.shape().dim(0), 40)));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void runsOnTheScalarKernelsWithoutTheVectorModuleOrWhenAsked() throws Exception {
        // MatMulWithoutVectorModuleMain prints the kernels' name and a product worked out by hand
        assertThat(runMain(List.of())).isEqualTo("scalar [-38, -83, -44, -98, -50, -113, -56, -128]");
        List<String> vector = List.of("--add-modules", "jdk.incubator.vector", "-Dquant.kernels=vector");
        List<String> scalar = List.of("--add-modules", "jdk.incubator.vector", "-Dquant.kernels=scalar");
        assertThat(runMain(scalar)).isEqualTo("scalar [-38, -83, -44, -98, -50, -113, -56, -128]");
        if (MatMulKernels.vectorOrNull() != null) {
            assertThat(runMain(vector)).isEqualTo("vector 256-bit [-38, -83, -44, -98, -50, -113, -56, -128]");
        }
    }

    private static String runMain(List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MatMulWithoutVectorModuleMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        // JDK 17+ warns on stderr when an incubator module is used; keep the last line
        String[] lines = output.strip().split("\\R");
        return lines[lines.length - 1];
    }

    private static Tensor filled(DType type, int rows, int cols, int value) {
        int[] values = new int[rows * cols];
        Arrays.fill(values, value);
        return Tensor.ofInts(type, Shape.of(rows, cols), values);
    }

    private static boolean fitsInt(long[] values) {
        for (long value : values) {
            if (value != (int) value) {
                return false;
            }
        }
        return true;
    }

    static long[] widen(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
