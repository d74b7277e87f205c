package io.quant.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.Suggestions;
import io.quant.api.UsageException;
import io.quant.api.tensor.Tensor;
import io.quant.core.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of a pipeline produced: its declared outputs, every tensor it defined on the way, the
 * comparison report and the time each step took. Immutable (the tensors are shared, not copied: treat
 * them as read-only).
 */
public final class PipelineResult {
    private final String pipeline;
    private final Map<String, Tensor> tensors;
    private final Map<String, Tensor> outputs;
    private final List<Metric> metrics;
    private final List<StepTiming> timings;

    PipelineResult(String pipeline, Map<String, Tensor> tensors, List<String> outputNames, List<Metric> metrics,
            List<StepTiming> timings) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (String name : outputNames) {
            named.put(name, tensors.get(name));
        }
        this.outputs = Collections.unmodifiableMap(named);
        this.metrics = List.copyOf(metrics);
        this.timings = List.copyOf(timings);
    }

    /** The pipeline's name. */
    public String pipeline() {
        return pipeline;
    }

    /** The tensors the pipeline's "outputs" names, in that order. */
    public Map<String, Tensor> outputs() {
        return outputs;
    }

    /** Every tensor of the run (inputs, reference and quantized intermediates, outputs), in definition order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** One tensor of the run by name. */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new UsageException("pipeline '" + pipeline + "' defines no tensor '" + name + "'"
                    + Suggestions.hint(name, tensors.keySet()));
        }
        return tensor;
    }

    /** The comparison report: one row per comparison and metric, in the order the pipeline lists them. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The value of one metric of one comparison. */
    public Optional<Double> metric(String comparison, String name) {
        for (Metric metric : metrics) {
            if (metric.comparison().equals(comparison) && metric.name().equals(name)) {
                return Optional.of(metric.value());
            }
        }
        return Optional.empty();
    }

    /** The time of each step, in the order they ran (reference steps first). */
    public List<StepTiming> timings() {
        return timings;
    }

    /**
     * Writes each output as {@code NAME.npy} into {@code dir} (created if needed), all or none
     * ({@link TensorFiles#writeAll}): an output that cannot be written leaves the others' earlier files as
     * they were.
     *
     * @return the files written, in output order
     */
    public List<Path> writeOutputs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new QuantException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        Map<Path, Tensor> files = new LinkedHashMap<>();
        outputs.forEach((name, tensor) -> files.put(dir.resolve(name + ".npy"), tensor));
        TensorFiles.writeAll(files);
        return List.copyOf(files.keySet());
    }
}
