package io.quant.benchmarks;

import io.quant.api.Calibrator;
import io.quant.api.QuantOp;
import io.quant.api.Quantizer;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.core.pipeline.Pipeline;
import io.quant.core.pipeline.PipelineResult;
import io.quant.core.pipeline.PluginLookup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole pipelines as {@code quant run} runs them, without reading or writing files: the two examples
 * ({@code examples/circles-mlp}, seed 000's 2-5-2 MLP, and {@code examples/mlp-ptq}, a 2-64-64-3 MLP with
 * per-channel weights and fixed-point requantization), every step included: the float reference,
 * calibration, weight quantization, the integer network and the comparison. On the points each example
 * ships with (1,000 and 1,500: the per-step overhead shows), and on those points repeated to 65,536 rows
 * (the integer ops show). No peer: no other tool runs such a pipeline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules=jdk.incubator.vector"})
public class BenchmarkPipeline extends PeakRss {
    /** Where the examples are: {@code examples} under the working directory unless given. */
    static final String EXAMPLES_PROPERTY = "quant.bench.examples";
    /** Rows of the large variant. */
    static final int ROWS = 65_536;

    @Param({"circles-mlp", "mlp-ptq"})
    public String example;

    /** {@code shipped}: the example's own test points; a number: those points repeated to that many rows. */
    @Param({"shipped", "65536"})
    public String points;

    private Pipeline pipeline;
    private Map<String, Tensor> tensors;

    @Setup(Level.Trial)
    public void setUp() {
        Path dir = Path.of(System.getProperty(EXAMPLES_PROPERTY, "examples"), example);
        pipeline = Pipeline.load(dir.resolve("pipeline.json"), PluginLookup.of(
                name -> Plugins.find(QuantOp.class, name),
                name -> Plugins.find(Quantizer.class, name),
                name -> Plugins.find(Calibrator.class, name)));
        tensors = new LinkedHashMap<>(pipeline.loadTensors());
        if (!points.equals("shipped")) {
            int rows = Integer.parseInt(points);
            tensors.put("x", repeatRows(tensors.get("x"), rows));
            tensors.put("labels", repeatRows(tensors.get("labels"), rows));
        }
    }

    /** Points (rows) in one run. */
    static int rows(String example, String points) {
        return points.equals("shipped") ? (example.equals("circles-mlp") ? 1_000 : 1_500) : Integer.parseInt(points);
    }

    /** {@code t}'s rows (first axis) over and over, up to {@code rows} rows. */
    static Tensor repeatRows(Tensor t, int rows) {
        int[] dims = t.shape().dims();
        int rowSize = t.shape().size() / dims[0];
        dims[0] = rows;
        Object from = t.storage();
        Object to = Array.newInstance(from.getClass().getComponentType(), rows * rowSize);
        int length = Array.getLength(from);
        for (int at = 0; at < rows * rowSize; at += length) {
            System.arraycopy(from, 0, to, at, Math.min(length, rows * rowSize - at));
        }
        return Tensor.wrap(t.dtype(), Shape.of(dims), to);
    }

    @Benchmark
    public PipelineResult quant() {
        return pipeline.runWithTensors(tensors);
    }
}
