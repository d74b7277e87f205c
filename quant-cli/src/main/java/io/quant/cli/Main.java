package io.quant.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import io.quant.core.Quant;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import picocli.CommandLine;

/** The {@code quant} command line: parses the arguments, runs the command and exits with its status. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out);
        PrintWriter err = new PrintWriter(System.err);
        System.exit(run(args, out, err, System.getenv(), dirs -> Quant.bootstrap(dirs, new CliModule())));
    }

    /**
     * Runs {@code quant args} and returns the exit status. {@code bootstrap} creates the injector (with
     * {@link CliModule}) from the plugin directories: once, on another thread, as soon as the global options
     * are read; what it throws is reported as a command's error would be.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
            Function<List<Path>, Injector> bootstrap) {
        requireNonNull(bootstrap, "bootstrap is null");
        ErrorHandler errors = new ErrorHandler(GlobalOptions.verbose(args));
        try {
            GlobalOptions global = GlobalOptions.scan(args, env);
            // discovering the plugins and creating the injector take as long as picocli's reading of the
            // command annotations: on another thread, both are done by the time picocli wants a command
            CompletableFuture<Injector> injector = CompletableFuture.supplyAsync(() -> bootstrap.apply(global.pluginDirs()));
            // join() wraps what the bootstrap threw in a CompletionException, which ErrorHandler unwraps
            CommandLine commandLine = configure(new CommandLine(QuantCommand.class, new GuiceFactory(injector::join)), errors);
            commandLine.setOut(out);
            commandLine.setErr(err);
            return commandLine.execute(args);
        } catch (Throwable t) {
            // what went wrong before picocli ran a command: a bad plugin directory, an error creating a command
            return errors.report(t, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The parser settings every quant command relies on. */
    static CommandLine configure(CommandLine commandLine, ErrorHandler errors) {
        return commandLine
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                // "--zero-point -7" and "--zero-point=-7": a value that looks like an option but is none is a value
                .setUnmatchedOptionsAllowedAsOptionParameters(true)
                .setUnmatchedOptionsArePositionalParams(false)
                // no @file expansion: GlobalOptions reads the same words picocli parses, and "@x.npy" is a file name
                .setExpandAtFiles(false);
    }
}
