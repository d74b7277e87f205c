package io.quant.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.Suggestions;
import io.quant.api.UsageException;
import io.quant.api.tensor.Tensor;
import io.quant.api.tensor.TensorSpec;
import io.quant.core.text.OneLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded pipeline: named tensors, a float reference, quantized steps that call plugins by name,
 * outputs and comparisons (docs/pipelines.md describes the file). Loading checks everything that does not
 * need the data; each run first reads its inputs and infers every step's dtypes and shapes
 * ({@link io.quant.api.OpKernel#infer}), so that no step runs unless the whole pipeline fits.
 *
 * <p>Immutable and thread-safe: a run keeps its tensors to itself, calibrators hand each run a fresh
 * observer, and kernels are immutable by contract; the same inputs give the same bytes on any thread.
 */
public final class Pipeline {
    private final String source;
    private final String name;
    private final String description;
    private final Map<String, TensorSource> tensors;
    private final List<Step> steps;
    private final List<String> outputs;
    private final List<Comparison> comparisons;

    private Pipeline(String source, PipelineParser parsed) {
        this.source = source;
        this.name = parsed.name;
        this.description = parsed.description;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(parsed.tensors));
        this.steps = List.copyOf(parsed.steps);
        this.outputs = List.copyOf(parsed.outputs);
        this.comparisons = List.copyOf(parsed.comparisons);
    }

    /**
     * Loads and checks a pipeline file; its tensor files are found relative to its directory. Messages
     * name the file as given: {@code examples/mlp.json:14:9: ...}.
     *
     * @throws UsageException for anything wrong in the file, at its line and column
     * @throws QuantException when the file cannot be read
     */
    public static Pipeline load(Path file, PluginLookup plugins) {
        requireNonNull(file, "file is null");
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new QuantException("pipeline file " + file + " does not exist");
        } catch (IOException e) {
            throw new QuantException("cannot read pipeline file " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.toString(), content, dir, plugins);
    }

    /**
     * Checks a pipeline given as text. {@code source} names it in messages; tensor files are found
     * relative to {@code baseDir}, or, when it is null (a pipeline bundled as a resource), must be given
     * as inputs at each run.
     */
    public static Pipeline parse(String source, String json, Path baseDir, PluginLookup plugins) {
        requireNonNull(source, "source is null");
        requireNonNull(json, "json is null");
        return new Pipeline(source, PipelineParser.parse(source, json, baseDir, plugins));
    }

    /** The pipeline's "name", or its file name without ".json". */
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The tensors of the "tensors" section, each of which a run may replace. */
    public List<String> inputs() {
        return List.copyOf(tensors.keySet());
    }

    /** The tensors a run writes out. */
    public List<String> outputs() {
        return outputs;
    }

    /** The steps by name ("#n" for an unnamed one), reference steps first, in the order they run. */
    public List<String> steps() {
        List<String> names = new ArrayList<>();
        for (Step step : steps) {
            names.add(step.name());
        }
        return names;
    }

    /**
     * Every tensor of the "tensors" section as declared: read from its file or decoded from the JSON. For
     * running the same pipeline many times on data held in memory ({@link #runWithTensors}), with no file
     * read per run.
     */
    public Map<String, Tensor> loadTensors() {
        return Collections.unmodifiableMap(resolve(Map.of()));
    }

    /** Runs with every tensor as the pipeline declares it. */
    public PipelineResult run() {
        return runWithTensors(Map.of());
    }

    /**
     * Runs with some tensors read from other files ({@code --input NAME=FILE}); the others as declared.
     *
     * @throws UsageException for a name that is not one of {@link #inputs()}, or a pipeline that does not fit its inputs
     */
    public PipelineResult run(Map<String, Path> inputFiles) {
        return execute(readInputs(inputFiles));
    }

    /** Runs with some tensors given in memory (the demo's built-in data); the others as declared. */
    public PipelineResult runWithTensors(Map<String, Tensor> inputs) {
        Map<String, Tensor> given = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
            TensorSource tensor = source(input.getKey());
            given.put(input.getKey(), tensor.check(requireNonNull(input.getValue(), "input tensor is null"),
                    "input '" + input.getKey() + "'"));
        }
        return execute(given);
    }

    /**
     * Reads the inputs and infers every tensor's dtype and shape without running a step: the checks a run
     * makes first.
     *
     * @return the spec of every tensor, in definition order
     */
    public Map<String, TensorSpec> check(Map<String, Path> inputFiles) {
        return infer(resolve(readInputs(inputFiles))).specs;
    }

    private Map<String, Tensor> readInputs(Map<String, Path> inputFiles) {
        Map<String, Tensor> given = new LinkedHashMap<>();
        for (Map.Entry<String, Path> input : inputFiles.entrySet()) {
            given.put(input.getKey(), source(input.getKey()).read(requireNonNull(input.getValue(), "input file is null")));
        }
        return given;
    }

    private TensorSource source(String tensor) {
        TensorSource found = tensors.get(tensor);
        if (found == null) {
            throw new UsageException(OneLine.escape("input '" + tensor + "' is not a tensor of pipeline " + source
                    + Suggestions.hint(tensor, tensors.keySet())));
        }
        return found;
    }

    /** Every tensor of the "tensors" section: given, or as declared. */
    private Map<String, Tensor> resolve(Map<String, Tensor> given) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (TensorSource tensor : tensors.values()) {
            Tensor value = given.get(tensor.name());
            values.put(tensor.name(), value != null ? value : tensor.load());
        }
        return values;
    }

    /** What each step will define, checked along the whole pipeline before any step runs. */
    private Plan infer(Map<String, Tensor> values) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> value : values.entrySet()) {
            specs.put(value.getKey(), value.getValue().spec());
        }
        List<Map<String, TensorSpec>> promised = new ArrayList<>(steps.size());
        for (Step step : steps) {
            Map<String, TensorSpec> defined = step.infer(Collections.unmodifiableMap(specs));
            specs.putAll(defined);
            promised.add(defined);
        }
        for (Comparison comparison : comparisons) {
            comparison.check(specs);
        }
        return new Plan(specs, promised);
    }

    private PipelineResult execute(Map<String, Tensor> given) {
        Map<String, Tensor> values = resolve(given);
        Plan plan = infer(values);
        List<StepTiming> timings = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            long start = System.nanoTime();
            Map<String, Tensor> defined = step.run(Collections.unmodifiableMap(values), plan.promised.get(i));
            timings.add(new StepTiming(step.name(), step.kind(), step.reference(), System.nanoTime() - start));
            values.putAll(defined);
        }
        List<Metric> metrics = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            metrics.addAll(comparison.measure(values));
        }
        return new PipelineResult(name, values, outputs, metrics, timings);
    }

    /** One run's inferred specs: of every tensor, and of what each step defines. */
    private static final class Plan {
        final Map<String, TensorSpec> specs;
        final List<Map<String, TensorSpec>> promised;

        Plan(Map<String, TensorSpec> specs, List<Map<String, TensorSpec>> promised) {
            this.specs = specs;
            this.promised = promised;
        }
    }

    @Override
    public String toString() {
        return "pipeline '" + name + "' (" + source + "): " + tensors.size() + " tensors, " + steps.size()
                + " steps, outputs " + outputs;
    }
}
