package io.quant.benchmarks;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.quant.api.OpKernel;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.benchmarks.onnx.OnnxModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requantization of int32 accumulators to uint8 codes ({@code requantize}, float mode as ONNX and fixed
 * point as gemmlowp), and the whole of ONNX QLinearMatMul: quant's {@code int-matmul} then
 * {@code requantize}, against ONNX Runtime's QLinearMatMul with b a constant (u8s8). {@code threads} bounds
 * both sides, as in the other benchmarks ({@link Threads}; ONNX Runtime's intra-op threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BenchmarkRequantize extends PeakRss {
    static final float A_SCALE = 0.02f;
    static final float B_SCALE = 0.004f;
    static final int A_ZERO_POINT = 128;
    static final int Y_ZERO_POINT = 128;

    @Param({"1024x1024x1024", "64x1024x4096"})
    public String shape;

    @Param({"float", "fixed"})
    public String mode;

    @Param({"2"})
    public int threads;

    /**
     * An output scale that spreads the products over the uint8 codes: with codes uniform over their
     * dtypes, a sum of K products has a standard deviation near sqrt(K) * 74 * 74.
     */
    static float yScale(int k) {
        return (float) (A_SCALE * B_SCALE * Math.sqrt(k) * 74 * 74 / 40);
    }

    /** requantize's inputs but the accumulators: the scales and y's zero point. */
    static Map<String, Tensor> scales(MatMulShape s) {
        return Map.of(
                "a_scale", Tensor.ofFloat32(Shape.scalar(), A_SCALE),
                "b_scale", Tensor.ofFloat32(Shape.scalar(), B_SCALE),
                "y_scale", Tensor.ofFloat32(Shape.scalar(), yScale(s.k())),
                "y_zero_point", Tensor.ofInts(DType.UINT8, Shape.scalar(), Y_ZERO_POINT));
    }

    /** {@code requantize}'s side: (m x n) accumulators, and no matmul operands. */
    @State(Scope.Benchmark)
    public static class Accumulators {
        OpKernel requantize;
        Map<String, Tensor> inputs;
        Threads pool;

        @Setup(Level.Trial)
        public void setUp(BenchmarkRequantize benchmark) {
            MatMulShape s = MatMulShape.parse(benchmark.shape);
            requantize = Plugins.op("requantize", Map.of("mode", benchmark.mode));
            // accumulators with the spread of the real product, so that rounding and clamping see real values
            int[] acc = new int[s.m() * s.n()];
            Random random = new Random(3);
            double sigma = Math.sqrt(s.k()) * 74 * 74;
            for (int i = 0; i < acc.length; i++) {
                acc[i] = (int) Math.round(random.nextGaussian() * sigma);
            }
            inputs = new HashMap<>(scales(s));
            inputs.put("acc", Tensor.ofInt32(Shape.of(s.m(), s.n()), acc));
            pool = new Threads(benchmark.threads);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
        }
    }

    /** {@code qlinearMatMul}'s side: the matmul operands; the accumulators are the product's own. */
    @State(Scope.Benchmark)
    public static class Operands {
        OpKernel matmul;
        OpKernel requantize;
        Map<String, Tensor> matmulInputs;
        Map<String, Tensor> scales;
        Threads pool;

        @Setup(Level.Trial)
        public void setUp(BenchmarkRequantize benchmark) {
            MatMulShape s = MatMulShape.parse(benchmark.shape);
            Tensor a = Tensor.wrap(DType.UINT8, Shape.of(s.m(), s.k()), BenchData.codes(s.m() * s.k(), 1));
            Tensor b = Tensor.wrap(DType.INT8, Shape.of(s.k(), s.n()), BenchData.codes(s.k() * s.n(), 2));
            matmulInputs = Map.of("a", a, "b", b,
                    "a_zero_point", Tensor.ofInts(DType.UINT8, Shape.scalar(), A_ZERO_POINT),
                    "b_zero_point", Tensor.ofInts(DType.INT8, Shape.scalar(), 0));
            matmul = Plugins.op("int-matmul", Map.of());
            requantize = Plugins.op("requantize", Map.of("mode", benchmark.mode));
            scales = scales(s);
            pool = new Threads(benchmark.threads);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Peer {
        Ort ort;
        OnnxTensor a;

        @Setup(Level.Trial)
        public void setUp(BenchmarkRequantize benchmark) throws OrtException {
            MatMulShape s = MatMulShape.parse(benchmark.shape);
            byte[] model = OnnxModels.qlinearMatMul(s.m(), s.k(), s.n(), OnnxModels.UINT8, OnnxModels.INT8,
                    BenchData.codes(s.k() * s.n(), 2), A_SCALE, A_ZERO_POINT, B_SCALE, 0, yScale(s.k()), Y_ZERO_POINT);
            ort = new Ort(model, benchmark.threads, "a");
            ByteBuffer direct = ByteBuffer.allocateDirect(s.m() * s.k()).order(ByteOrder.nativeOrder());
            direct.put(BenchData.codes(s.m() * s.k(), 1)).flip();
            a = OnnxTensor.createTensor(ort.environment(), direct, new long[] {s.m(), s.k()}, OnnxJavaType.UINT8);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            a.close();
            ort.close();
        }
    }

    /** Requantize alone: (m x n) int32 accumulators to uint8. */
    @Benchmark
    public Map<String, Tensor> requantize(Accumulators state) {
        return state.pool.run(() -> state.requantize.run(state.inputs));
    }

    /** The whole QLinearMatMul: int-matmul, then requantize its accumulators. */
    @Benchmark
    public Map<String, Tensor> qlinearMatMul(Operands state) {
        return state.pool.run(() -> {
            Map<String, Tensor> inputs = new HashMap<>(state.scales);
            inputs.put("acc", state.matmul.run(state.matmulInputs).get("y"));
            return state.requantize.run(inputs);
        });
    }

    @Benchmark
    public long onnxruntime(Peer state) throws OrtException {
        return state.ort.run(state.a);
    }
}
