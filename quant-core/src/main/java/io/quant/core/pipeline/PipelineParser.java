package io.quant.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.quant.api.Calibrator;
import io.quant.api.OpKernel;
import io.quant.api.Options;
import io.quant.api.Port;
import io.quant.api.QuantException;
import io.quant.api.QuantOp;
import io.quant.api.QuantScheme;
import io.quant.api.Quantizer;
import io.quant.api.Suggestions;
import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.core.pipeline.JsonValue.Kind;
import io.quant.core.text.OneLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a pipeline file into its parts, checking everything that does not need the data: keys, plugin
 * names, option names and values, ports, and that every tensor a step reads is defined before it. Each
 * error is one line that names the place, the step and the field.
 */
final class PipelineParser {
    /** Tensor names become file names ({@code NAME.npy}): no separators, no leading dot. */
    static final Pattern TENSOR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private static final String DEFAULT_QUANTIZER = "affine";
    private static final String DEFAULT_CALIBRATOR = "minmax";

    private final String source;
    private final Path baseDir;
    private final PluginLookup plugins;
    /** Every tensor defined so far, in order, and who defined it. */
    private final Map<String, String> defined = new LinkedHashMap<>();
    /** Tensors that later steps define, so that a forward reference can be explained. */
    private final Map<String, String> definedLater = new LinkedHashMap<>();
    private final List<String> stepNames = new ArrayList<>();

    String name;
    String description;
    final Map<String, TensorSource> tensors = new LinkedHashMap<>();
    final List<Step> steps = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();
    final List<Comparison> comparisons = new ArrayList<>();

    private PipelineParser(String source, Path baseDir, PluginLookup plugins) {
        this.source = requireNonNull(source, "source is null");
        this.baseDir = baseDir;
        this.plugins = requireNonNull(plugins, "plugins is null");
    }

    static PipelineParser parse(String source, String content, Path baseDir, PluginLookup plugins) {
        PipelineParser parser = new PipelineParser(source, baseDir, plugins);
        parser.pipeline(JsonTreeReader.read(source, content));
        return parser;
    }

    private void pipeline(JsonValue root) {
        root.require(Kind.OBJECT, "", "the pipeline");
        root.requireKeys("", "name", "description", "tensors", "reference", "steps", "outputs", "compare");
        JsonValue nameValue = root.optional("name", Kind.STRING, "");
        name = nameValue != null ? nameValue.text() : defaultName(source);
        JsonValue descriptionValue = root.optional("description", Kind.STRING, "");
        description = descriptionValue == null ? "" : descriptionValue.text();

        JsonValue tensorsValue = root.optional("tensors", Kind.OBJECT, "");
        if (tensorsValue != null) {
            for (Map.Entry<String, JsonValue> member : tensorsValue.members().entrySet()) {
                tensor(member.getKey(), tensorsValue.keyAt(member.getKey()), member.getValue());
            }
        }
        JsonValue referenceValue = root.optional("reference", Kind.ARRAY, "");
        JsonValue stepsValue = root.required("steps", Kind.ARRAY, "");
        lookAhead(referenceValue, true);
        lookAhead(stepsValue, false);
        if (referenceValue != null) {
            steps(referenceValue, true);
        }
        steps(stepsValue, false);

        JsonValue outputsValue = root.optional("outputs", Kind.ARRAY, "");
        if (outputsValue != null) {
            for (JsonValue output : outputsValue.items()) {
                output.require(Kind.STRING, "", "each of 'outputs'");
                requireDefined(output, "outputs: ", "unknown tensor '");
                if (outputs.contains(output.text())) {
                    throw output.at().error("outputs: '" + output.text() + "' is listed twice");
                }
                outputs.add(output.text());
            }
        }
        JsonValue compareValue = root.members().get("compare");
        if (compareValue != null) {
            if (compareValue.is(Kind.ARRAY)) {
                for (JsonValue item : compareValue.items()) {
                    comparison(item.require(Kind.OBJECT, "", "each of 'compare'"));
                }
            } else {
                comparison(compareValue.require(Kind.OBJECT, "", "'compare'"));
            }
        }
    }

    // ---- tensors ----

    private void tensor(String tensorName, Location keyAt, JsonValue value) {
        checkNewName(tensorName, keyAt, "tensors: ");
        String context = "tensor '" + tensorName + "': ";
        value.require(Kind.OBJECT, context, "its declaration");
        value.requireKeys(context, "file", "data", "dtype", "shape", "description");
        JsonValue file = value.optional("file", Kind.STRING, context);
        JsonValue data = value.members().get("data");
        JsonValue dtypeValue = value.optional("dtype", Kind.STRING, context);
        JsonValue shapeValue = value.optional("shape", Kind.ARRAY, context);
        value.optional("description", Kind.STRING, context);
        if ((file == null) == (data == null)) {
            throw value.at().error(context + "give either 'file' (a .npy or raw .bin file) or 'data' (the values)");
        }
        DType dtype = dtypeValue == null ? null : dtype(dtypeValue, context);
        Shape shape = shapeValue == null ? null : shape(shapeValue, context);
        TensorSource tensor;
        if (data != null) {
            if (dtype == null) {
                throw value.at().error(context + "inline 'data' needs a 'dtype' (float32, int8, ...)");
            }
            Tensor inline = InlineTensors.parse(context, dtype, data, shape, shapeValue == null ? null : shapeValue.at());
            tensor = TensorSource.inline(tensorName, keyAt, inline);
        } else {
            Path resolved = baseDir == null ? null : baseDir.resolve(file.text()).normalize();
            tensor = TensorSource.file(tensorName, keyAt, file.text(), resolved, dtype, shape);
        }
        tensors.put(tensorName, tensor);
        defined.put(tensorName, "tensors");
    }

    private static DType dtype(JsonValue value, String context) {
        try {
            return DType.parse(value.text());
        } catch (UsageException e) {
            throw value.at().error(context + e.getMessage());
        }
    }

    private static Shape shape(JsonValue value, String context) {
        int[] dims = new int[value.items().size()];
        for (int i = 0; i < dims.length; i++) {
            JsonValue dim = value.items().get(i);
            Integer parsed = dim.is(Kind.NUMBER) ? integer(dim.text()) : null;
            if (parsed == null || parsed < 0) {
                throw dim.at().error(context + "'shape' must be a list of dimensions (integers >= 0), got "
                        + (dim.is(Kind.NUMBER) ? dim.text() : dim.kind().article()));
            }
            dims[i] = parsed;
        }
        try {
            return Shape.of(dims);
        } catch (UsageException e) {
            throw value.at().error(context + e.getMessage());
        }
    }

    // ---- steps ----

    /** Notes which tensors each step will define, to explain a reference to a tensor defined further down. */
    private void lookAhead(JsonValue list, boolean reference) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.items().size(); i++) {
            JsonValue step = list.items().get(i);
            if (!step.is(Kind.OBJECT)) {
                continue;
            }
            JsonValue nameValue = step.members().get("name");
            String label = nameValue != null && nameValue.is(Kind.STRING) ? "step '" + nameValue.text() + "'"
                    : (reference ? "reference step " : "step ") + (i + 1);
            JsonValue outputsValue = step.members().get("outputs");
            if (outputsValue != null && outputsValue.is(Kind.OBJECT)) {
                for (JsonValue out : outputsValue.members().values()) {
                    if (out.is(Kind.STRING)) {
                        definedLater.putIfAbsent(out.text(), label);
                    }
                }
            } else if (nameValue != null && nameValue.is(Kind.STRING)) {
                definedLater.putIfAbsent(nameValue.text(), label);
            }
        }
    }

    private void steps(JsonValue list, boolean reference) {
        for (int i = 0; i < list.items().size(); i++) {
            JsonValue step = list.items().get(i);
            String fallbackLabel = (reference ? "reference step " : "step ") + (i + 1);
            step.require(Kind.OBJECT, fallbackLabel + ": ", "a step");
            JsonValue nameValue = step.optional("name", Kind.STRING, fallbackLabel + ": ");
            // a name is free text: kept to one line, as it heads messages and timing rows
            String stepName = nameValue == null ? null : OneLine.escape(nameValue.text());
            String label = stepName == null ? fallbackLabel : "step '" + stepName + "'";
            if (stepName != null) {
                if (stepNames.contains(stepName)) {
                    throw nameValue.at().error(label + ": another step has this name");
                }
                stepNames.add(stepName);
            }
            String shown = stepName != null ? stepName : "#" + (i + 1) + (reference ? " (reference)" : "");
            boolean isOp = step.members().containsKey("op");
            boolean isCalibrate = step.members().containsKey("calibrate");
            if (isOp && isCalibrate) {
                throw step.keyAt("calibrate").error(label + ": a step either calls an 'op' or does a 'calibrate', not both");
            }
            if (!isOp && !isCalibrate) {
                throw step.at().error(label + ": needs 'op' (an op to call) or 'calibrate' (tensors to calibrate)");
            }
            Step parsed = isOp ? opStep(step, shown, stepName, label, reference)
                    : calibrateStep(step, shown, stepName, label, reference);
            steps.add(parsed);
            for (Binding output : parsed.outputs()) {
                defined.put(output.tensor(), label);
            }
        }
    }

    private Step opStep(JsonValue step, String shown, String stepName, String label, boolean reference) {
        step.requireKeys(label + ": ", "name", "op", "inputs", "outputs", "options", "description");
        step.optional("description", Kind.STRING, label + ": ");
        JsonValue opValue = step.required("op", Kind.STRING, label + ": ");
        QuantOp op;
        try {
            op = requireNonNull(plugins.op(opValue.text()), "plugin lookup returned null");
        } catch (QuantException e) {
            // unknown (a usage error), or claimed by two plugins (a failure): either way, at this place
            throw Failures.prefixed(opValue.at() + ": " + label, e);
        }
        String head = label + " (" + op.name() + ")";
        String context = head + ": ";

        List<String> inputPorts = op.inputs().stream().map(Port::name).toList();
        JsonValue inputsValue = step.optional("inputs", Kind.OBJECT, context);
        List<Binding> inputs = new ArrayList<>();
        if (inputsValue != null) {
            for (Map.Entry<String, JsonValue> member : inputsValue.members().entrySet()) {
                String port = member.getKey();
                if (!inputPorts.contains(port)) {
                    throw inputsValue.keyAt(port).error(context + "unknown input port '" + port + "'"
                            + Suggestions.hint(port, inputPorts));
                }
                JsonValue tensor = member.getValue().require(Kind.STRING, context, "input '" + port + "'");
                requireDefined(tensor, context, "unknown input '");
                inputs.add(new Binding(port, tensor.text(), tensor.at()));
            }
        }
        for (Port port : op.inputs()) {
            if (port.required() && inputs.stream().noneMatch(b -> b.port().equals(port.name()))) {
                throw (inputsValue != null ? inputsValue.at() : step.at()).error(context + "missing input port '"
                        + port.name() + "' (" + port.description() + ")");
            }
        }

        JsonValue optionsValue = step.optional("options", Kind.OBJECT, context);
        Options options = JsonOptions.parse("op '" + op.name() + "'", op.options(), optionsValue, context, step.at());
        OpKernel kernel;
        try {
            kernel = requireNonNull(op.create(options), "create() returned null");
        } catch (UsageException e) {
            throw (optionsValue != null ? optionsValue.at() : step.at()).error(context + e.getMessage());
        } catch (QuantException e) {
            throw Failures.prefixed(step.at() + ": " + head, e);
        } catch (RuntimeException e) {
            throw Failures.pluginFailed(step.at() + ": " + head, op, " in create()", e);
        }

        List<String> outputPorts = op.outputs().stream().map(Port::name).toList();
        JsonValue outputsValue = step.optional("outputs", Kind.OBJECT, context);
        List<Binding> outputs = new ArrayList<>();
        if (outputsValue != null) {
            for (Map.Entry<String, JsonValue> member : outputsValue.members().entrySet()) {
                String port = member.getKey();
                if (!outputPorts.contains(port)) {
                    throw outputsValue.keyAt(port).error(context + "unknown output port '" + port + "'"
                            + Suggestions.hint(port, outputPorts));
                }
                JsonValue tensor = member.getValue().require(Kind.STRING, context, "output '" + port + "'");
                outputs.add(newTensor(port, tensor, context, outputs));
            }
            if (outputs.isEmpty()) {
                throw outputsValue.at().error(context + "'outputs' names none of the op's outputs ("
                        + String.join(", ", outputPorts) + ")");
            }
        } else if (outputPorts.size() == 1 && stepName != null) {
            outputs.add(newTensor(outputPorts.get(0), step.members().get("name"), context, outputs));
        } else {
            throw step.at().error(context + (outputPorts.size() == 1
                    ? "needs a 'name' (the name of its output) or 'outputs'"
                    : "needs 'outputs' to name its outputs (" + String.join(", ", outputPorts) + ")"));
        }
        return new OpStep(shown, label, step.at(), reference, op, kernel, inputs, outputs);
    }

    private Step calibrateStep(JsonValue step, String shown, String stepName, String label, boolean reference) {
        String head = label + " (calibrate)";
        String context = head + ": ";
        step.requireKeys(context, "name", "calibrate", "quantizer", "options", "calibrator", "calibrator_options",
                "axis", "zero_point_dtype", "outputs", "description");
        step.optional("description", Kind.STRING, context);
        JsonValue what = step.members().get("calibrate");
        List<JsonValue> names = what.is(Kind.ARRAY) ? what.items() : List.of(what);
        if (names.isEmpty()) {
            throw what.at().error(context + "'calibrate' names no tensor");
        }
        List<Binding> sources = new ArrayList<>();
        for (JsonValue tensor : names) {
            tensor.require(Kind.STRING, context, "'calibrate'");
            requireDefined(tensor, context, "unknown tensor '");
            sources.add(new Binding("calibrate", tensor.text(), tensor.at()));
        }

        JsonValue quantizerValue = step.optional("quantizer", Kind.STRING, context);
        Quantizer quantizer;
        try {
            quantizer = requireNonNull(plugins.quantizer(quantizerValue == null ? DEFAULT_QUANTIZER : quantizerValue.text()),
                    "plugin lookup returned null");
        } catch (QuantException e) {
            throw Failures.prefixed((quantizerValue != null ? quantizerValue.at() : step.at()) + ": " + head, e);
        }
        JsonValue optionsValue = step.optional("options", Kind.OBJECT, context);
        Options quantizerOptions = JsonOptions.parse("quantizer '" + quantizer.name() + "'", quantizer.options(),
                optionsValue, context, step.at());
        QuantScheme scheme;
        try {
            scheme = requireNonNull(quantizer.configure(quantizerOptions), "configure() returned null");
        } catch (UsageException e) {
            throw (optionsValue != null ? optionsValue.at() : step.at()).error(context + e.getMessage());
        } catch (QuantException e) {
            throw Failures.prefixed(step.at() + ": " + head, e);
        } catch (RuntimeException e) {
            throw Failures.pluginFailed(step.at() + ": " + head, quantizer, " in configure()", e);
        }

        JsonValue calibratorValue = step.optional("calibrator", Kind.STRING, context);
        Calibrator calibrator;
        try {
            calibrator = requireNonNull(plugins.calibrator(calibratorValue == null ? DEFAULT_CALIBRATOR : calibratorValue.text()),
                    "plugin lookup returned null");
        } catch (QuantException e) {
            throw Failures.prefixed((calibratorValue != null ? calibratorValue.at() : step.at()) + ": " + head, e);
        }
        JsonValue calibratorOptionsValue = step.optional("calibrator_options", Kind.OBJECT, context);
        Options calibratorOptions = JsonOptions.parse("calibrator '" + calibrator.name() + "'", calibrator.options(),
                calibratorOptionsValue, context, step.at());

        JsonValue axisValue = step.optional("axis", Kind.NUMBER, context);
        Integer axis = null;
        if (axisValue != null) {
            axis = integer(axisValue.text());
            if (axis == null) {
                throw axisValue.at().error(context + "'axis' must be an integer, got " + axisValue.text());
            }
        }

        JsonValue zeroPointValue = step.optional("zero_point_dtype", Kind.STRING, context);
        DType zeroPointType = null;
        if (zeroPointValue != null) {
            zeroPointType = dtype(zeroPointValue, context);
            if (!zeroPointType.isInteger() || zeroPointType.byteSize() > 4) {
                throw zeroPointValue.at().error(context + "'zero_point_dtype' must be an integer dtype of up to 32 bits"
                        + " (int8, uint8, int16, uint16, int32), got " + zeroPointType);
            }
        }

        JsonValue outputsValue = step.required("outputs", Kind.OBJECT, context);
        List<Binding> outputs = new ArrayList<>();
        for (Map.Entry<String, JsonValue> member : outputsValue.members().entrySet()) {
            String port = member.getKey();
            if (!CalibrateStep.PORTS.contains(port)) {
                throw outputsValue.keyAt(port).error(context + "unknown output port '" + port + "'"
                        + Suggestions.hint(port, CalibrateStep.PORTS));
            }
            if (port.equals(CalibrateStep.CODES) && sources.size() > 1) {
                throw outputsValue.keyAt(port).error(context + "'codes' needs one calibrated tensor, not "
                        + sources.size() + ": quantize the others with the quantize op");
            }
            JsonValue tensor = member.getValue().require(Kind.STRING, context, "output '" + port + "'");
            outputs.add(newTensor(port, tensor, context, outputs));
        }
        if (outputs.isEmpty()) {
            throw outputsValue.at().error(context + "'outputs' names none of " + String.join(", ", CalibrateStep.PORTS));
        }
        return new CalibrateStep(shown, label, step.at(), reference, sources, quantizer, scheme, calibrator,
                calibratorOptions, axis, zeroPointType, outputs);
    }

    // ---- compare ----

    private void comparison(JsonValue value) {
        String context = "compare: ";
        value.requireKeys(context, "name", "float", "quantized", "labels");
        JsonValue floatValue = value.required("float", Kind.STRING, context);
        JsonValue quantizedValue = value.required("quantized", Kind.STRING, context);
        JsonValue labelsValue = value.optional("labels", Kind.STRING, context);
        JsonValue nameValue = value.optional("name", Kind.STRING, context);
        String comparisonName = OneLine.escape(nameValue != null ? nameValue.text() : quantizedValue.text());
        if (comparisons.stream().anyMatch(c -> c.name().equals(comparisonName))) {
            throw (nameValue != null ? nameValue : value).at().error(context + "another comparison is named '"
                    + comparisonName + "'");
        }
        context = "compare '" + comparisonName + "': ";
        Binding reference = binding("float", requireDefined(floatValue, context, "unknown tensor '"));
        Binding quantized = binding("quantized", requireDefined(quantizedValue, context, "unknown tensor '"));
        Binding labels = labelsValue == null ? null : binding("labels", requireDefined(labelsValue, context, "unknown tensor '"));
        comparisons.add(new Comparison(comparisonName, value.at(), reference, quantized, labels));
    }

    private static Binding binding(String port, JsonValue tensor) {
        return new Binding(port, tensor.text(), tensor.at());
    }

    // ---- names ----

    /**
     * Fails unless the tensor named by {@code value} is defined by now:
     * {@code step 'fc1' (int-matmul): unknown input 'x_q'. Defined so far: x, w1}.
     */
    private JsonValue requireDefined(JsonValue value, String context, String unknown) {
        String tensor = value.text();
        if (defined.containsKey(tensor)) {
            return value;
        }
        StringBuilder message = new StringBuilder(context).append(unknown).append(tensor).append("'");
        String later = definedLater.get(tensor);
        if (later != null && context.startsWith(later + " ")) {
            message.append(": a step cannot read what it defines");
        } else if (later != null) {
            message.append(": it is defined later, by ").append(later).append(" (steps run in order)");
        } else {
            Suggestions.closest(tensor, defined.keySet())
                    .ifPresent(close -> message.append(". Did you mean '").append(close).append("'?"));
            message.append(message.charAt(message.length() - 1) == '?' ? " " : ". ");
            message.append(defined.isEmpty() ? "Nothing is defined yet"
                    : "Defined so far: " + String.join(", ", defined.keySet()));
        }
        throw value.at().error(message.toString());
    }

    private Binding newTensor(String port, JsonValue tensor, String context, List<Binding> sameStep) {
        String tensorName = tensor.text();
        checkNewName(tensorName, tensor.at(), context);
        if (sameStep.stream().anyMatch(b -> b.tensor().equals(tensorName))) {
            throw tensor.at().error(context + "output '" + tensorName + "' is named twice");
        }
        return new Binding(port, tensorName, tensor.at());
    }

    private void checkNewName(String tensorName, Location at, String context) {
        if (!TENSOR_NAME.matcher(tensorName).matches()) {
            throw at.error(context + "tensor name '" + tensorName
                    + "' must start with a letter or '_' and hold only letters, digits, '_', '-' and '.'");
        }
        String previous = defined.get(tensorName);
        if (previous != null) {
            throw at.error(context + "tensor '" + tensorName + "' is already defined"
                    + (previous.equals("tensors") ? " in 'tensors'" : " by " + previous)
                    + ": each tensor is defined once");
        }
    }

    private static Integer integer(String literal) {
        try {
            return Integer.valueOf(literal);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String defaultName(String source) {
        String file = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        return file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
    }
}
