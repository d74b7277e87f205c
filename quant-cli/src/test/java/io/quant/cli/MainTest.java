package io.quant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.core.plugin.PluginRegistry;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class MainTest {
    private final PluginRegistry registry = mock(PluginRegistry.class);

    @BeforeEach
    void emptyRegistry() {
        when(registry.plugins()).thenReturn(List.of());
        when(registry.problems()).thenReturn(List.of());
    }

    @Test
    void versionAndHelpExitZero() {
        CliRun version = CliRun.run(registry, "--version");
        CliRun help = CliRun.run(registry, "--help");
        CliRun subcommandHelp = CliRun.run(registry, "plugins", "--help");

        // the unit tests run from target/classes, which has no manifest to give the version
        assertThat(version.exitCode).isZero();
        assertThat(version.out).isEqualTo("quant (development build)\n");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).startsWith("Usage: quant [-hV] [--verbose] [--plugin-path=DIR]... [COMMAND]\n")
                .containsPattern("\n  plugins +List every discovered quantizer, calibrator and op");
        assertThat(subcommandHelp.exitCode).isZero();
        assertThat(subcommandHelp.out).startsWith("Usage: quant plugins ");
        assertThat(version.err + help.err + subcommandHelp.err).isEmpty();
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.run(registry);

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.errLines()).containsExactly(
                "quant: missing command. Available: demo, dequantize, eval, help, matmul, plugins, quantize, run",
                "Try 'quant --help' for more information.");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliRun run = CliRun.run(registry, "plugns");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "quant: unknown command 'plugns'. Did you mean 'plugins'? Available: demo, dequantize, eval, help, matmul, plugins, quantize, run",
                "Try 'quant --help' for more information.");
    }

    @Test
    void aMistypedOptionGetsASuggestionAndPointsToTheSubcommandsHelp() {
        CliRun run = CliRun.run(registry, "plugins", "--jsn");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "quant: unknown option '--jsn'. Did you mean '--json'?",
                "Try 'quant plugins --help' for more information.");
    }

    @Test
    void picocliMessagesAreKeptOnOneLineStartingLowerCase() {
        CliRun run = CliRun.run(registry, "plugins", "--plugin-path");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "quant: missing required parameter for option '--plugin-path' (DIR)",
                "Try 'quant plugins --help' for more information.");
    }

    @Test
    void aUsageExceptionIsOneLineAndExitsTwo() {
        when(registry.plugins()).thenThrow(new UsageException(
                "unknown quantizer 'afine'. Did you mean 'affine'? Available: affine, restricted-range, symmetric"));

        CliRun run = CliRun.run(registry, "plugins");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "quant: unknown quantizer 'afine'. Did you mean 'affine'? Available: affine, restricted-range, symmetric");
    }

    @Test
    void aQuantExceptionIsOneLineAndExitsOne() {
        when(registry.plugins()).thenThrow(new QuantException("x.npy: values reach 1.45e34, not float32 weights"));

        CliRun run = CliRun.run(registry, "plugins");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("quant: x.npy: values reach 1.45e34, not float32 weights");
    }

    @Test
    void anIoErrorSaysWhatAndWhereAndExitsOne() {
        when(registry.plugins()).thenThrow(new UncheckedIOException(new NoSuchFileException("weights.npy")));

        CliRun run = CliRun.run(registry, "plugins");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("quant: no such file: weights.npy");
    }

    @Test
    void anUnexpectedErrorIsOneLineThatPointsToVerbose() {
        when(registry.plugins()).thenThrow(new IllegalStateException("boom"));

        CliRun run = CliRun.run(registry, "plugins");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "quant: unexpected error: java.lang.IllegalStateException: boom (run with --verbose for the stack trace)");
    }

    @Test
    void verboseAddsTheStackTraceAfterTheLine() {
        when(registry.plugins()).thenThrow(new QuantException("bad data\nin two lines"));

        CliRun run = CliRun.run(registry, "--verbose", "plugins");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.errLines().get(0)).isEqualTo("quant: bad data in two lines");
        assertThat(run.errLines().get(1)).isEqualTo("io.quant.api.QuantException: bad data");
        assertThat(run.err).contains("\tat ");
    }

    @Test
    void withoutVerboseThereIsNoStackTrace() {
        when(registry.plugins()).thenThrow(new QuantException("bad data"));

        CliRun run = CliRun.run(registry, "plugins");

        assertThat(run.err).isEqualTo("quant: bad data\n");
    }

    @Test
    void pluginDirectoriesComeFromTheEnvironmentThenTheOptionsBeforeAndAfterTheCommand() {
        Map<String, String> env = Map.of("QUANT_PLUGIN_PATH", "/env/a" + File.pathSeparator + "/env/b");

        CliRun run = CliRun.run(registry, env, "--plugin-path", "/x", "plugins", "--plugin-path=/y", "--json");

        assertThat(run.exitCode).isZero();
        assertThat(run.bootstraps).containsExactly(List.of(Path.of("/env/a"), Path.of("/env/b"), Path.of("/x"), Path.of("/y")));
    }

    @Test
    void theInjectorIsCreatedOnceForAllTheCommands() {
        CliRun run = CliRun.run(registry, "plugins");

        assertThat(run.exitCode).isZero();
        assertThat(run.bootstraps).hasSize(1);
    }

    @Test
    void anErrorCreatingTheInjectorIsReportedAsItself() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = Main.run(new String[] {"plugins"}, new PrintWriter(out), new PrintWriter(err), Map.of(), dirs -> {
            throw new OutOfMemoryError("Java heap space");
        });

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("quant: out of memory: give Java more with QUANT_JAVA_OPTS=-Xmx<size>, e.g. -Xmx8g\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anEmptyPluginPathIsNotTheWorkingDirectory() {
        CliRun run = CliRun.run(registry, "plugins", "--plugin-path=");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("quant: --plugin-path needs a directory name, got ''");
        assertThat(run.bootstraps).isEmpty();
    }

    @Test
    void aPluginDirectoryThatDoesNotExistIsOneLineAndExitsTwo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = Main.run(new String[] {"plugins", "--plugin-path", "/no/such/dir"}, new PrintWriter(out),
                new PrintWriter(err), Map.of(), dirs -> {
                    throw new UsageException("plugin directory " + dirs.get(0) + " does not exist");
                });

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("quant: plugin directory /no/such/dir does not exist\n");
        assertThat(out.toString()).isEmpty();
    }
}
