package io.quant.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.quant.api.kernel.LinearQuantization;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Tensor;
import io.quant.benchmarks.onnx.OnnxModels;
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
 * QuantizeLinear on the 23,851,520 float32 values: quant allocating its output ({@code quant}), quant
 * into a reused buffer ({@code quantInto}), and ONNX Runtime's QuantizeLinear through its Java API on the
 * same values in native memory ({@code onnxruntime}). {@code threads} bounds both sides: quant runs on
 * that many threads ({@link Threads}), ONNX Runtime with that many intra-op threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BenchmarkQuantizeLinear extends PeakRss {
    @Param({"uint8", "int8", "uint4", "int8-rows", "int8-columns"})
    public String work;

    @Param({"2"})
    public int threads;

    /** quant's side: the values as a Java array. */
    @State(Scope.Benchmark)
    public static class Quant {
        Tensor x;
        QuantParams params;
        Threads pool;

        @Setup(Level.Trial)
        public void setUp(BenchmarkQuantizeLinear benchmark) {
            Work work = Work.of(benchmark.work);
            float[] values = BenchData.floats();
            x = Tensor.ofFloat32(work.shape(), values);
            params = work.params(values);
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
            out = Tensor.zeros(quant.params.dtype(), quant.x.shape());
        }
    }

    /** The peer's side: the same values in a direct buffer, the model with the same float32 scales. */
    @State(Scope.Benchmark)
    public static class Peer {
        Ort ort;
        OnnxTensor x;

        @Setup(Level.Trial)
        public void setUp(BenchmarkQuantizeLinear benchmark) throws OrtException {
            Work work = Work.of(benchmark.work);
            float[] values = BenchData.floats();
            QuantParams params = work.params(values);
            byte[] model = OnnxModels.quantizeLinear(work.dims(), work.axis, Work.floatScales(params),
                    params.zeroPoints(), work.onnxType());
            ort = new Ort(model, benchmark.threads, "x");
            x = OnnxTensor.createTensor(ort.environment(), BenchData.direct(values), work.dims());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            x.close();
            ort.close();
        }
    }

    @Benchmark
    public Tensor quant(Quant state) {
        return state.pool.run(() -> LinearQuantization.quantize(state.x, state.params));
    }

    @Benchmark
    public Tensor quantInto(Quant state, Into into) {
        return state.pool.run(() -> {
            LinearQuantization.quantizeInto(state.x, state.params, into.out);
            return into.out;
        });
    }

    @Benchmark
    public long onnxruntime(Peer state) throws OrtException {
        return state.ort.run(state.x);
    }
}
