package io.quant.benchmarks;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.quant.api.kernel.LinearQuantization;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Tensor;
import io.quant.benchmarks.onnx.OnnxModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * DequantizeLinear to float32 of the benchmark tensor's codes: quant (allocating, and into a reused
 * buffer) against ONNX Runtime's DequantizeLinear. ONNX Runtime's Java API cannot make a 4-bit input
 * tensor, so {@code uint4} has no peer here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BenchmarkDequantizeLinear extends PeakRss {
    @Param({"uint8", "int8", "uint4", "int8-rows", "int8-columns"})
    public String work;

    @Param({"2"})
    public int threads;

    @State(Scope.Benchmark)
    public static class Quant {
        Tensor codes;
        QuantParams params;
        Threads pool;

        @Setup(Level.Trial)
        public void setUp(BenchmarkDequantizeLinear benchmark) {
            Work work = Work.of(benchmark.work);
            float[] values = BenchData.floats();
            params = work.params(values);
            codes = LinearQuantization.quantize(Tensor.ofFloat32(work.shape(), values), params);
            pool = new Threads(benchmark.threads);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
        }
    }

    /** The reused output of {@code quantInto}: its own state, so that {@code quant}'s fork never holds it. */
    @State(Scope.Benchmark)
    public static class Into {
        Tensor out;

        @Setup(Level.Trial)
        public void setUp(Quant quant) {
            out = Tensor.zeros(DType.FLOAT32, quant.codes.shape());
        }
    }

    @State(Scope.Benchmark)
    public static class Peer {
        Ort ort;
        OnnxTensor codes;

        @Setup(Level.Trial)
        public void setUp(BenchmarkDequantizeLinear benchmark) throws OrtException {
            Work work = Work.of(benchmark.work);
            if (work.bits != 8) {
                throw new IllegalStateException("ONNX Runtime's Java API has no 4-bit tensors");
            }
            float[] values = BenchData.floats();
            QuantParams params = work.params(values);
            byte[] quantized = LinearQuantization.quantize(Tensor.ofFloat32(work.shape(), values), params).bytes();
            ByteBuffer direct = ByteBuffer.allocateDirect(quantized.length).order(ByteOrder.nativeOrder());
            direct.put(quantized).flip();
            byte[] model = OnnxModels.dequantizeLinear(work.dims(), work.axis, Work.floatScales(params),
                    params.zeroPoints(), work.onnxType());
            ort = new Ort(model, benchmark.threads, "x");
            codes = OnnxTensor.createTensor(ort.environment(), direct, work.dims(),
                    work.symmetric ? OnnxJavaType.INT8 : OnnxJavaType.UINT8);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            codes.close();
            ort.close();
        }
    }

    @Benchmark
    public Tensor quant(Quant state) {
        return state.pool.run(() -> LinearQuantization.dequantize(state.codes, state.params, DType.FLOAT32));
    }

    @Benchmark
    public Tensor quantInto(Quant state, Into into) {
        return state.pool.run(() -> {
            LinearQuantization.dequantizeInto(state.codes, state.params, into.out);
            return into.out;
        });
    }

    @Benchmark
    public long onnxruntime(Peer state) throws OrtException {
        return state.ort.run(state.codes);
    }
}
