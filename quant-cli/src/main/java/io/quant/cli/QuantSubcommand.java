package io.quant.cli;

import static java.util.Objects.requireNonNull;

import io.quant.core.json.Json;
import io.quant.core.plugin.PluginProblem;
import io.quant.core.plugin.PluginRegistry;
import io.quant.core.text.OneLine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every subcommand: the plugin registry, stdout and stderr (picocli's writers, so that tests
 * capture them) and JSON output. A subcommand takes what else it needs in its {@code @Inject}
 * constructor and implements {@link #run}; errors are thrown ({@code UsageException} exits 2,
 * {@code QuantException} and I/O errors 1) and printed by {@link ErrorHandler}, one line each.
 */
abstract class QuantSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final PluginRegistry registry;

    protected QuantSubcommand(PluginRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Warns about plugin problems (one line each), then runs the command. */
    @Override
    public final Integer call() throws Exception {
        if (warnsAboutPluginProblems()) {
            for (PluginProblem problem : registry.problems()) {
                warn(problem.message());
            }
        }
        return run();
    }

    /** Does the work and returns the exit code; 0 unless the command reports a failure itself. */
    protected abstract int run() throws Exception;

    /** Whether {@link #call} first prints each plugin problem as a warning; a command that reports them itself says no. */
    protected boolean warnsAboutPluginProblems() {
        return true;
    }

    protected final PluginRegistry registry() {
        return registry;
    }

    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@code quant: warning: <message>} on stderr, and the command goes on. */
    protected final void warn(String message) {
        err().println(ErrorHandler.PREFIX + "warning: " + OneLine.join(message));
    }

    /** {@code quant: <message>} on stderr, for a command that reports an error and still returns. */
    protected final void error(String message) {
        err().println(ErrorHandler.PREFIX + OneLine.join(message));
    }

    /** {@code value} (maps, lists, strings, numbers, booleans, records) as indented JSON on stdout. */
    protected final void printJson(Object value) {
        out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }
}
