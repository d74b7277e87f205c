package io.quant.benchmarks;

import io.quant.api.Calibrator;
import io.quant.api.OpKernel;
import io.quant.api.Options;
import io.quant.api.Plugin;
import io.quant.api.QuantOp;
import io.quant.api.QuantScheme;
import io.quant.api.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The plugins under test, found by name through ServiceLoader as the CLI finds them. */
final class Plugins {
    private Plugins() {}

    static Calibrator calibrator(String name) {
        return find(Calibrator.class, name);
    }

    /** The scheme of quantizer {@code name} with these options (validated against its declared ones). */
    static QuantScheme quantizer(String name, Map<String, ?> options) {
        Quantizer quantizer = find(Quantizer.class, name);
        return quantizer.configure(Options.parse("quantizer '" + name + "'", quantizer.options(), options));
    }

    /** The kernel of op {@code name} with these options (validated against its declared ones). */
    static OpKernel op(String name, Map<String, ?> options) {
        QuantOp op = find(QuantOp.class, name);
        return op.create(Options.parse("op '" + name + "'", op.options(), options));
    }

    static <T extends Plugin> T find(Class<T> kind, String name) {
        List<String> seen = new ArrayList<>();
        for (T plugin : ServiceLoader.load(kind)) {
            if (plugin.name().equals(name)) {
                return plugin;
            }
            seen.add(plugin.name());
        }
        throw new IllegalStateException("no " + kind.getSimpleName() + " named '" + name + "' on the class path; found "
                + seen + " (build and install quant-calibrators and quant-ops first)");
    }
}
