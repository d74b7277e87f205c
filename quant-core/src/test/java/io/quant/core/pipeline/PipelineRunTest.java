package io.quant.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.api.tensor.TensorSpec;
import io.quant.core.io.TensorFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of small pipelines over fake plugins. Expected values are worked out by hand in the comments:
 * x = [[1, -2], [3, 0.5]], w = [[0.5, -1], [2, 0.25]], x @ w = [[-3.5, -1.5], [2.5, -2.875]].
 */
final class PipelineRunTest {
    private static final String PIPELINE = """
            {
              "name": "tiny",
              "tensors": {
                "x": {"file": "x.npy", "dtype": "float32"},
                "w": {"dtype": "float32", "data": [[0.5, -1], [2, 0.25]]},
                "labels": {"dtype": "int64", "data": [1, 0]}
              },
              "reference": [
                {"name": "y_ref", "op": "matmul", "inputs": {"a": "x", "b": "w"}}
              ],
              "steps": [
                {"name": "w_params", "calibrate": "w", "quantizer": "symmetric", "axis": 1,
                 "outputs": {"scale": "w_scale", "zero_point": "w_zp", "codes": "w_q"}},
                {"name": "y", "op": "scale", "inputs": {"x": "y_ref"}, "options": {"factor": 1.25}}
              ],
              "outputs": ["y", "w_q", "w_scale"],
              "compare": {"name": "probabilities", "float": "y_ref", "quantized": "y", "labels": "labels"}
            }
            """;

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writePipeline() throws IOException {
        file = dir.resolve("tiny.json");
        Files.writeString(file, PIPELINE, StandardCharsets.UTF_8);
        TensorFiles.write(dir.resolve("x.npy"), Tensor.ofFloat32(Shape.of(2, 2), 1, -2, 3, 0.5f));
    }

    @Test
    void runsReferenceCalibrationAndStepsInOrder() {
        PipelineResult result = Pipeline.load(file, FakePlugins.lookup()).run();

        assertThat(result.tensor("y_ref")).isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), -3.5f, -1.5f, 2.5f, -2.875f));
        // per column of w: max |.| is 2 and 1; codes round(w / scale): 0.5 * 127 / 2 = 31.75 -> 32
        assertThat(result.tensor("w_scale")).isEqualTo(Tensor.ofFloat64(Shape.of(2), 2.0 / 127, 1.0 / 127));
        // zero points in the codes' dtype, as ONNX keeps them
        assertThat(result.tensor("w_zp")).isEqualTo(Tensor.ofInts(DType.INT8, Shape.of(2), 0, 0));
        assertThat(result.tensor("w_q")).isEqualTo(Tensor.ofInts(DType.INT8, Shape.of(2, 2), 32, -127, 127, 32));
        assertThat(result.outputs()).containsOnlyKeys("y", "w_q", "w_scale");
        assertThat(List.copyOf(result.outputs().keySet())).containsExactly("y", "w_q", "w_scale");
        assertThat(result.timings()).extracting(StepTiming::step).containsExactly("y_ref", "w_params", "y");
        assertThat(result.timings()).extracting(StepTiming::reference).containsExactly(true, false, false);
        assertThat(result.timings()).extracting(StepTiming::kind).containsExactly("matmul", "calibrate", "scale");
    }

    @Test
    void comparesFloatAndQuantizedOutputs() {
        PipelineResult result = Pipeline.load(file, FakePlugins.lookup()).run();
        // y = 1.25 * y_ref (exact in float32): errors 0.875, 0.375, 0.625, 0.71875; squares sum to 1.8134765625
        assertThat(result.metrics()).extracting(Metric::name)
                .containsExactly("mse", "max_abs_error", "float_accuracy", "quantized_accuracy");
        assertThat(result.metric("probabilities", "mse")).contains(1.8134765625 / 4);
        assertThat(result.metric("probabilities", "max_abs_error")).contains(0.875);
        // argmax of the rows: 1 and 0, as the labels say
        assertThat(result.metric("probabilities", "float_accuracy")).contains(1.0);
        assertThat(result.metric("probabilities", "quantized_accuracy")).contains(1.0);
    }

    @Test
    void inputsCanBeReplacedFromFilesOrMemory() throws IOException {
        Pipeline pipeline = Pipeline.load(file, FakePlugins.lookup());
        Path other = dir.resolve("other.npy");
        TensorFiles.write(other, Tensor.ofFloat32(Shape.of(2, 2), 0, 1, 1, 0));
        // swapping the rows of w
        assertThat(pipeline.run(Map.of("x", other)).tensor("y_ref"))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), 2, 0.25f, 0.5f, -1));
        assertThat(pipeline.runWithTensors(Map.of("x", Tensor.ofFloat32(Shape.of(2, 2), 1, 1, 2, 0))).tensor("y_ref"))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), 2.5f, -0.75f, 1, -2));
        assertThatThrownBy(() -> pipeline.runWithTensors(Map.of("x", Tensor.ofFloat64(Shape.of(1, 2), 1, 1))))
                .isInstanceOf(UsageException.class)
                .hasMessage("input 'x' is float64(1, 2) but the pipeline declares dtype float32 (" + file + ":4:5)");
    }

    @Test
    void loadTensorsReadsFilesAndInlineDataOnceForRunsInMemory() throws IOException {
        Pipeline pipeline = Pipeline.load(file, FakePlugins.lookup());
        Map<String, Tensor> tensors = pipeline.loadTensors();
        assertThat(tensors).containsOnlyKeys("x", "w", "labels");
        assertThat(tensors.get("x")).isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), 1, -2, 3, 0.5f));
        assertThat(tensors.get("w")).isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), 0.5f, -1, 2, 0.25f));
        // the file is not read again
        Files.delete(dir.resolve("x.npy"));
        assertThat(pipeline.runWithTensors(tensors).tensor("y_ref"))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), -3.5f, -1.5f, 2.5f, -2.875f));
    }

    @Test
    void labelsMustCountTheSamples() {
        Pipeline pipeline = Pipeline.load(file, FakePlugins.lookup());
        assertThatThrownBy(() -> pipeline.runWithTensors(Map.of("labels", Tensor.ofInt64(Shape.of(3), 1, 0, 1))))
                .isInstanceOf(UsageException.class)
                .hasMessage(file + ":17:86: compare 'probabilities': labels 'labels' are int64(3,), 3 labels for the 2"
                        + " samples of 'y' float32(2, 2) (one per row)");
    }

    @Test
    void checkInfersEveryTensorWithoutRunning() {
        Map<String, TensorSpec> specs = Pipeline.load(file, FakePlugins.lookup()).check(Map.of());
        assertThat(specs).containsEntry("y_ref", new TensorSpec(DType.FLOAT32, Shape.of(2, 2)))
                .containsEntry("w_scale", new TensorSpec(DType.FLOAT64, Shape.of(2)))
                .containsEntry("w_zp", new TensorSpec(DType.INT8, Shape.of(2)))
                .containsEntry("w_q", new TensorSpec(DType.INT8, Shape.of(2, 2)))
                .containsEntry("y", new TensorSpec(DType.FLOAT32, Shape.of(2, 2)));
    }

    @Test
    void missingTensorFileIsReportedWithTheTensor() throws IOException {
        Files.delete(dir.resolve("x.npy"));
        assertThatThrownBy(() -> Pipeline.load(file, FakePlugins.lookup()).run())
                .isInstanceOf(QuantException.class)
                .hasMessage(file + ":4:5: tensor 'x': " + dir.resolve("x.npy") + ": no such file");
    }

    @Test
    void writesOutputsAsNpy() {
        PipelineResult result = Pipeline.load(file, FakePlugins.lookup()).run();
        Path out = dir.resolve("out");
        List<Path> written = result.writeOutputs(out);
        assertThat(written).containsExactly(out.resolve("y.npy"), out.resolve("w_q.npy"), out.resolve("w_scale.npy"));
        assertThat(TensorFiles.read(out.resolve("w_q.npy"), null))
                .isEqualTo(Tensor.ofInts(DType.INT8, Shape.of(2, 2), 32, -127, 127, 32));
        assertThat(TensorFiles.read(out.resolve("y.npy"), null)).isEqualTo(result.tensor("y"));
    }

    @Test
    void eightThreadsRunningOnePipelineWriteIdenticalBytes() throws Exception {
        Pipeline pipeline = Pipeline.load(file, FakePlugins.lookup());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Path>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Path out = dir.resolve("run" + t);
                runs.add(pool.submit(() -> {
                    start.await();
                    pipeline.run().writeOutputs(out);
                    return out;
                }));
            }
            start.countDown();
            List<Path> outs = new ArrayList<>();
            for (Future<Path> run : runs) {
                outs.add(run.get());
            }
            for (String name : List.of("y.npy", "w_q.npy", "w_scale.npy")) {
                byte[] first = Files.readAllBytes(outs.get(0).resolve(name));
                for (Path out : outs) {
                    assertThat(Files.readAllBytes(out.resolve(name))).as(out + "/" + name).isEqualTo(first);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sigmoidStyleOutputsAreThresholdedAndTiesGoToTheFirstClass() {
        // one score per sample: predictions f > 0.5 -> [0, 1, 1], q -> [0, 0, 1]; labels [0, 1, 1]
        // mse = (0 + 0.3^2 + 0.09^2) / 3 = 0.0327, max 0.3
        PipelineResult scores = Pipeline.parse("scores.json", """
                {
                  "tensors": {
                    "f": {"dtype": "float64", "data": [[0.2], [0.7], [0.51]]},
                    "q": {"dtype": "float64", "data": [[0.2], [0.4], [0.6]]},
                    "labels": {"dtype": "float32", "data": [0, 1, 1]}
                  },
                  "steps": [],
                  "compare": [{"float": "f", "quantized": "q", "labels": "labels"}]
                }
                """, null, FakePlugins.lookup()).run();
        assertThat(scores.metric("q", "mse")).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.0327, within(1e-12)));
        assertThat(scores.metric("q", "max_abs_error")).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.3, within(1e-12)));
        assertThat(scores.metric("q", "float_accuracy")).contains(1.0);
        assertThat(scores.metric("q", "quantized_accuracy")).hasValueSatisfying(v -> assertThat(v).isCloseTo(2.0 / 3, within(1e-15)));

        // argmax per row: f -> [1 (tie of 1 and 2: the first), 0]; q -> [2, 1]; labels [1, 0]
        PipelineResult classes = Pipeline.parse("classes.json", """
                {
                  "tensors": {
                    "f": {"dtype": "float32", "data": [[0.1, 0.5, 0.5], [0.9, 0.05, 0.05]]},
                    "q": {"dtype": "float32", "data": [[0.1, 0.4, 0.5], [0.3, 0.6, 0.1]]},
                    "labels": {"dtype": "uint8", "data": [1, 0]}
                  },
                  "steps": [],
                  "compare": {"name": "c", "float": "f", "quantized": "q", "labels": "labels"}
                }
                """, null, FakePlugins.lookup()).run();
        assertThat(classes.metric("c", "float_accuracy")).contains(1.0);
        assertThat(classes.metric("c", "quantized_accuracy")).contains(0.0);
        // differences 0, 0.1, 0, 0.6, -0.55, -0.05: squares sum to 0.675 over 6
        assertThat(classes.metric("c", "mse")).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.1125, within(1e-7)));
    }

    @Test
    void fractionalLabelsAreNotClassNumbers() {
        Pipeline pipeline = Pipeline.parse("scores.json", """
                {
                  "tensors": {
                    "f": {"dtype": "float64", "data": [0.2, 0.7]},
                    "labels": {"dtype": "float64", "data": [0, 1.5]}
                  },
                  "steps": [],
                  "compare": {"float": "f", "quantized": "f", "labels": "labels"}
                }
                """, null, FakePlugins.lookup());
        assertThatThrownBy(pipeline::run)
                .hasMessage("scores.json:7:57: compare 'f': label 1 of 'labels' is 1.5, not a class number");
    }

    @Test
    void bundledPipelineNeedsItsFileTensorsGiven() {
        Pipeline pipeline = Pipeline.parse("bundled.json", PIPELINE, null, FakePlugins.lookup());
        assertThatThrownBy(pipeline::run)
                .isInstanceOf(UsageException.class)
                .hasMessage("bundled.json:4:5: tensor 'x' comes from file 'x.npy', which this pipeline cannot locate"
                        + " (it was not loaded from a file): give the tensor as an input");
        assertThat(pipeline.runWithTensors(Map.of("x", Tensor.ofFloat32(Shape.of(2, 2), 1, 0, 0, 1))).tensor("y_ref"))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), 0.5f, -1, 2, 0.25f));
    }

    @Test
    void zeroPointsOutsideTheCodesNeedInt32() {
        String json = """
                {
                  "tensors": {"w": {"dtype": "float32", "data": [1, -2]}},
                  "steps": [
                    {"name": "p", "calibrate": "w", "quantizer": "symmetric", "options": {"zero_point": 200},
                     "outputs": {"zero_point": "zp"}%s}
                  ]
                }
                """;
        assertThatThrownBy(() -> Pipeline.parse("zp.json", json.formatted(""), null, FakePlugins.lookup()).run())
                .isInstanceOf(QuantException.class)
                .hasMessage("zp.json:4:5: step 'p' (calibrate): zero point 200 does not fit int8, the dtype of the codes:"
                        + " set \"zero_point_dtype\": \"int32\" to keep it");
        PipelineResult result = Pipeline.parse("zp.json", json.formatted(", \"zero_point_dtype\": \"int32\""), null,
                FakePlugins.lookup()).run();
        assertThat(result.tensor("zp")).isEqualTo(Tensor.ofInt32(Shape.scalar(), 200));
        assertThatThrownBy(() -> Pipeline.parse("zp.json", json.formatted(", \"zero_point_dtype\": \"float32\""), null,
                FakePlugins.lookup()))
                .hasMessage("zp.json:5:59: step 'p' (calibrate): 'zero_point_dtype' must be an integer dtype of up to"
                        + " 32 bits (int8, uint8, int16, uint16, int32), got float32");
    }

    @Test
    void aPluginThatWritesIntoItsInputCannotChangeTheNextRun() {
        Pipeline pipeline = Pipeline.parse("vandal.json", """
                {
                  "tensors": {"x": {"dtype": "float32", "data": [1, 2]}},
                  "steps": [{"name": "y", "op": "vandal", "inputs": {"x": "x"}}]
                }
                """, null, FakePlugins.lookup());
        assertThat(pipeline.run().tensor("y")).isEqualTo(Tensor.vector(2, 3));
        assertThat(pipeline.run().tensor("y")).isEqualTo(Tensor.vector(2, 3));
    }

    @Test
    void describesItself() {
        Pipeline pipeline = Pipeline.load(file, FakePlugins.lookup());
        assertThat(pipeline.name()).isEqualTo("tiny");
        assertThat(pipeline.inputs()).containsExactly("x", "w", "labels");
        assertThat(pipeline.outputs()).containsExactly("y", "w_q", "w_scale");
        assertThat(pipeline.steps()).containsExactly("y_ref", "w_params", "y");
    }
}
