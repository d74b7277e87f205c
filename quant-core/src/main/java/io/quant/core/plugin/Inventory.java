package io.quant.core.plugin;

import static java.util.Objects.requireNonNull;

import io.quant.api.OptionSpec;
import io.quant.api.Plugin;
import io.quant.api.Port;
import io.quant.api.QuantOp;
import io.quant.core.text.OneLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What discovery has found so far: providers that passed validation, and one problem line for each that
 * did not. Validation is where a plugin's own code first runs, so every call into it is guarded: a
 * plugin that throws is reported, never allowed to stop the others from loading.
 */
final class Inventory {
    private final List<LoadedPlugin> loaded = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();

    /** Validates {@code plugin} and keeps it, or records why it cannot be used. */
    void add(PluginKind kind, Plugin plugin, Origin origin) {
        requireNonNull(plugin, "plugin is null");
        try {
            loaded.add(new LoadedPlugin(inspect(kind, plugin, origin), plugin));
        } catch (InvalidPluginException e) {
            loadFailure(kind, plugin.getClass().getName(), origin, e.getMessage());
        }
    }

    void loadFailure(PluginKind kind, String className, Origin origin, String reason) {
        problems.add(new PluginProblem(PluginProblem.Reason.LOAD_FAILURE,
                "cannot load " + kind.displayName() + " " + className + " from " + origin.source() + ": " + reason));
    }

    void problem(PluginProblem.Reason reason, String message) {
        problems.add(new PluginProblem(reason, message));
    }

    DefaultPluginRegistry build() {
        return new DefaultPluginRegistry(loaded, problems);
    }

    /** The plugin's name, description and options, checked against the rules of {@link Plugin}. */
    static PluginInfo inspect(PluginKind kind, Plugin plugin, Origin origin) {
        String name = call(plugin::name, "name()");
        if (name == null || !Plugin.NAME.matcher(name).matches()) {
            throw new InvalidPluginException("name " + (name == null ? "null" : "'" + OneLine.join(name) + "'")
                    + " must match " + Plugin.NAME);
        }
        String description = call(plugin::description, "description()");
        if (description == null || description.isBlank() || description.indexOf('\n') >= 0 || description.indexOf('\r') >= 0) {
            throw new InvalidPluginException("description must be one non-empty line");
        }
        List<OptionSpec> options = checkNames(call(plugin::options, "options()"), "options()", "option", OptionSpec::name);
        if (plugin instanceof QuantOp op) {
            checkNames(call(op::inputs, "inputs()"), "inputs()", "input", Port::name);
            checkNames(call(op::outputs, "outputs()"), "outputs()", "output", Port::name);
        }
        return new PluginInfo(kind, name, description.strip(), plugin.getClass().getName(),
                origin.source(), origin.location(), options);
    }

    private static <T> List<T> checkNames(List<T> items, String method, String what, Function<T, String> name) {
        if (items == null) {
            throw new InvalidPluginException(method + " returned null");
        }
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            if (item == null) {
                throw new InvalidPluginException(method + " holds null");
            }
            if (!seen.add(name.apply(item))) {
                throw new InvalidPluginException(what + " '" + name.apply(item) + "' is declared twice");
            }
        }
        return items;
    }

    private static <T> T call(Supplier<T> method, String name) {
        try {
            return method.get();
        } catch (Throwable t) {
            Messages.rethrowIfFatal(t);
            throw new InvalidPluginException(name + " threw " + Messages.describe(t));
        }
    }

    /** A plugin that broke the SPI's rules; the message says which rule. */
    private static final class InvalidPluginException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidPluginException(String message) {
            super(message, null, false, false);
        }
    }
}
