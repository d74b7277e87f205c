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
import java.util.Map;
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
 * MatMulInteger, {@code (a - za) @ (b - zb)} into int32: quant's {@code int-matmul} op (called as a
 * pipeline calls it: the same weights every call) against ONNX Runtime's MatMulInteger with b a constant
 * initializer, which it prepacks once. GEMM, a 64-row batch and a one-row GEMV. {@code threads} bounds both
 * sides ({@link Threads}; ONNX Runtime's intra-op threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BenchmarkIntMatMul extends PeakRss {
    @Param({"1024x1024x1024", "64x1024x4096", "1x1024x4096"})
    public String shape;

    @Param({"u8s8", "s8s8"})
    public String types;

    @Param({"2"})
    public int threads;

    /** a's zero point: mid-range for uint8 activations, a small offset for int8; b (weights) symmetric. */
    static int aZeroPoint(boolean unsignedA) {
        return unsignedA ? 128 : 3;
    }

    @State(Scope.Benchmark)
    public static class Quant {
        OpKernel kernel;
        Map<String, Tensor> inputs;
        Threads pool;

        @Setup(Level.Trial)
        public void setUp(BenchmarkIntMatMul benchmark) {
            MatMulShape s = MatMulShape.parse(benchmark.shape);
            boolean unsignedA = MatMulShape.unsignedA(benchmark.types);
            DType aType = unsignedA ? DType.UINT8 : DType.INT8;
            Tensor a = Tensor.wrap(aType, Shape.of(s.m(), s.k()), BenchData.codes(s.m() * s.k(), 1));
            Tensor b = Tensor.wrap(DType.INT8, Shape.of(s.k(), s.n()), BenchData.codes(s.k() * s.n(), 2));
            inputs = Map.of("a", a, "b", b,
                    "a_zero_point", Tensor.ofInts(aType, Shape.scalar(), aZeroPoint(unsignedA)),
                    "b_zero_point", Tensor.ofInts(DType.INT8, Shape.scalar(), 0));
            kernel = Plugins.op("int-matmul", Map.of());
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
        public void setUp(BenchmarkIntMatMul benchmark) throws OrtException {
            MatMulShape s = MatMulShape.parse(benchmark.shape);
            boolean unsignedA = MatMulShape.unsignedA(benchmark.types);
            int aType = unsignedA ? OnnxModels.UINT8 : OnnxModels.INT8;
            byte[] model = OnnxModels.matMulInteger(s.m(), s.k(), s.n(), aType, OnnxModels.INT8,
                    BenchData.codes(s.k() * s.n(), 2), aZeroPoint(unsignedA), 0);
            ort = new Ort(model, benchmark.threads, "a");
            ByteBuffer direct = ByteBuffer.allocateDirect(s.m() * s.k()).order(ByteOrder.nativeOrder());
            direct.put(BenchData.codes(s.m() * s.k(), 1)).flip();
            a = OnnxTensor.createTensor(ort.environment(), direct, new long[] {s.m(), s.k()},
                    unsignedA ? OnnxJavaType.UINT8 : OnnxJavaType.INT8);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            a.close();
            ort.close();
        }
    }

    @Benchmark
    public Map<String, Tensor> quant(Quant state) {
        return state.pool.run(() -> state.kernel.run(state.inputs));
    }

    @Benchmark
    public long onnxruntime(Peer state) throws OrtException {
        return state.ort.run(state.a);
    }
}
