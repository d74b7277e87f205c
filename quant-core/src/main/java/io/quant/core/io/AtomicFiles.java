package io.quant.core.io;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a half-written
 * file: the content goes to a temporary file in the target's directory (same file system), is forced to
 * disk, and is then renamed over the target. Any failure deletes the temporary file and leaves an earlier
 * target untouched. Several outputs of one command are written with {@link #writeAll}: all or none.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;

    private AtomicFiles() {}

    /**
     * Writes {@code target} from {@code body}. An {@link IOException} becomes a one-line
     * {@link QuantException}; a {@link RuntimeException} or {@link Error} from the body (a plugin failing
     * mid-tensor) propagates unchanged, after the clean-up.
     */
    public static void write(Path target, IoWriter body) {
        requireNonNull(target, "target is null");
        requireNonNull(body, "body is null");
        writeAll(Map.of(target, body));
    }

    /**
     * Writes several files all or nothing, as {@link #write} writes one: every target is checked
     * ({@link #checkTargets}: two spellings of one file are refused), then every body is written to its
     * temporary file, and only when all are complete are they renamed into place, in order. A failure before
     * the renames deletes every temporary file and replaces no target. (Each rename is atomic, but several
     * renames are not one atomic step: should the file system fail between them, the files renamed before
     * stay renamed.)
     */
    public static void writeAll(Map<Path, IoWriter> files) {
        requireNonNull(files, "files is null");
        files.values().forEach(body -> requireNonNull(body, "body is null"));
        Map<Path, Path> absolutes = checkTargets(files.keySet()); // each target as given -> as checked
        Map<Path, Path> temps = new LinkedHashMap<>(); // each target -> its temporary file, until renamed
        Path current = null;
        try {
            for (Map.Entry<Path, IoWriter> file : files.entrySet()) {
                current = file.getKey();
                Path absolute = absolutes.get(current);
                Path temp = createTemp(current, absolute.getParent(), absolute.getFileName().toString());
                temps.put(current, temp);
                fill(temp, file.getValue());
            }
            for (Path target : files.keySet()) {
                current = target;
                move(temps.get(target), absolutes.get(target));
                temps.remove(target);
            }
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(temps.values(), e);
            IOException cause = e instanceof UncheckedIOException ? ((UncheckedIOException) e).getCause() : (IOException) e;
            throw new QuantException(current + ": cannot write: " + describe(cause), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temps.values(), e);
            throw e;
        }
        absolutes.values().stream().map(Path::getParent).distinct().forEach(AtomicFiles::syncDirectory);
    }

    /**
     * Fails as {@link #write} fails before it writes anything (no such directory, a directory in the way),
     * so that a command with several outputs can check them all first: a bad second path must not leave the
     * first output replaced.
     *
     * @return {@code target} as an absolute path
     */
    public static Path checkTarget(Path target) {
        requireNonNull(target, "target is null");
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || absolute.getFileName() == null) {
            throw new QuantException(target + ": cannot write: not a file path");
        }
        if (!Files.isDirectory(directory)) {
            throw new QuantException(target + ": cannot write: directory " + directory + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new QuantException(target + ": cannot write: it is a directory");
        }
        return absolute;
    }

    /**
     * Checks each target as {@link #checkTarget} does, and that no two are one file once made absolute and
     * normalized ({@code a.npy}, {@code ./a.npy}): each would get its own temporary file, and the second
     * rename would silently replace the first output.
     *
     * @return each target as given, mapped to its absolute path, in the given order
     * @throws SameFileException when two targets are one file
     */
    public static Map<Path, Path> checkTargets(Collection<Path> targets) {
        requireNonNull(targets, "targets is null");
        Map<Path, Path> absolutes = new LinkedHashMap<>();
        Map<Path, Path> byFile = new HashMap<>(); // normalized -> the target as given that names it first
        for (Path target : targets) {
            Path absolute = checkTarget(target);
            Path earlier = byFile.putIfAbsent(absolute.normalize(), target);
            if (earlier != null) {
                throw new SameFileException(earlier, target);
            }
            absolutes.put(target, absolute);
        }
        return absolutes;
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically. */
    public static void writeString(Path target, String text) {
        write(target, IoWriter.utf8(text));
    }

    private static Path createTemp(Path target, Path directory, String name) {
        // Not Files.createTempFile: it creates the file with mode 0600, which the rename would then give the
        // target. CREATE_NEW with a random name gets the usual permissions (umask).
        for (int attempt = 0; ; attempt++) {
            Path temp = directory.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw new QuantException(target + ": cannot write: cannot create a temporary file in " + directory, e);
                }
            } catch (IOException e) {
                throw new QuantException(target + ": cannot write: " + describe(e), e);
            }
        }
    }

    /** Writes {@code body} into {@code temp} and forces it to disk. */
    private static void fill(Path temp, IoWriter body) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
            body.write(new NonClosingOutputStream(out));
            out.flush();
            channel.force(true);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // some file systems cannot rename atomically; a plain replace is the best they offer
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; the rename is still atomic there
        }
    }

    private static void deleteQuietly(Collection<Path> temps, Throwable failure) {
        for (Path temp : temps) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /**
     * Two outputs of one write name the same file: a usage error (exit status 2), as only the caller's
     * arguments can cause it. Its own type, so that a command can say which of its options collide.
     */
    public static final class SameFileException extends UsageException {
        SameFileException(Path first, Path second) {
            super(first + " and " + second + " are the same file: give each output its own");
        }
    }

    /** Lets the body close its stream (try-with-resources) without closing ours before the fsync. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length); // FilterOutputStream would write byte by byte
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
