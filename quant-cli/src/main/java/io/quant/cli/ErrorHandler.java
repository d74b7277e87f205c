package io.quant.cli;

import com.google.inject.ProvisionException;
import io.quant.api.QuantException;
import io.quant.api.Suggestions;
import io.quant.api.UsageException;
import io.quant.core.text.OneLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every error into one line on stderr, {@code quant: <what went wrong>}, and an exit status: 2 for
 * usage errors (picocli's and {@link UsageException}), 1 for everything else. The stack trace follows
 * only with {@code --verbose}. Picocli's usage errors add one line that points to the command's help.
 */
final class ErrorHandler implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    static final String PREFIX = "quant: ";
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final boolean verbose;

    ErrorHandler(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(PREFIX + OneLine.join(usageMessage(ex)));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, CommandLine.ParseResult parseResult) {
        return report(ex, command.getErr());
    }

    /** Prints {@code error} as one line (and its trace when verbose) and returns the exit status. */
    int report(Throwable error, PrintWriter err) {
        Throwable cause = unwrap(error);
        err.println(PREFIX + OneLine.join(message(cause)));
        if (verbose) {
            cause.printStackTrace(err);
        }
        err.flush();
        return cause instanceof UsageException || cause instanceof ParameterException ? USAGE : FAILURE;
    }

    private String message(Throwable error) {
        if (error instanceof QuantException || error instanceof ParameterException) {
            return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        }
        Throwable io = error instanceof UncheckedIOException && error.getCause() != null ? error.getCause() : error;
        if (io instanceof IOException) {
            return ioMessage((IOException) io);
        }
        if (error instanceof OutOfMemoryError) {
            return "out of memory: give Java more with QUANT_JAVA_OPTS=-Xmx<size>, e.g. -Xmx8g";
        }
        return "unexpected error: " + error + (verbose ? "" : " (run with --verbose for the stack trace)");
    }

    /** NIO exceptions carry the file but not always the words: "no such file: x.npy". */
    private static String ioMessage(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "file already exists: " + f.getFile();
        }
        if (e instanceof NotDirectoryException f) {
            return "not a directory: " + f.getFile();
        }
        if (e instanceof DirectoryNotEmptyException f) {
            return "directory not empty: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return (f.getReason() == null ? "I/O error" : f.getReason()) + ": " + f.getFile();
        }
        return "I/O error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** Picocli's message, with a suggestion for a mistyped option or command. */
    private static String usageMessage(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            CommandSpec spec = ex.getCommandLine().getCommandSpec();
            String first = unmatched.getUnmatched().get(0);
            if (unmatched.isUnknownOption()) {
                List<String> options = spec.optionsMap().keySet().stream().filter(name -> name.startsWith("--"))
                        .collect(Collectors.toList());
                return "unknown option '" + first + "'"
                        + Suggestions.closest(first, options).map(name -> ". Did you mean '" + name + "'?").orElse("");
            }
            if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
                return "unknown command '" + first + "'" + Suggestions.hint(first, new TreeSet<>(spec.subcommands().keySet()));
            }
            return "unexpected argument '" + first + "'";
        }
        return decapitalize(ex.getMessage());
    }

    /** "Missing required parameter ..." reads as "quant: missing required parameter ...". */
    private static String decapitalize(String message) {
        if (message == null || message.length() < 2 || !Character.isUpperCase(message.charAt(0))
                || !Character.isLowerCase(message.charAt(1))) {
            return String.valueOf(message);
        }
        return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }

    /**
     * Picocli, Guice and the future that creates the injector (Main) wrap what was thrown; the user wants to
     * hear about the cause.
     */
    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null
                && (cause instanceof CommandLine.ExecutionException || cause instanceof CommandLine.InitializationException
                        || cause instanceof ProvisionException || cause instanceof InvocationTargetException
                        || cause instanceof CompletionException)) {
            cause = cause.getCause();
        }
        return cause;
    }
}
