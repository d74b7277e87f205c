package io.quant.core.io;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads and writes tensor files: what the CLI and pipelines use for every input and output. */
public final class TensorFiles {
    private static final String FORMATS =
            "quant reads .npy (numpy) and raw little-endian float32 .bin/.raw (with a shape)";

    private TensorFiles() {}

    /**
     * Reads {@code file}: .npy when it starts with numpy's magic (whatever its name), raw float32 when it is
     * named .bin or .raw (with {@code rawShapeOrNull}, else 1-d). A shape given for a .npy file must be the
     * shape the file holds.
     */
    public static Tensor read(Path file, Shape rawShapeOrNull) {
        requireNonNull(file, "file is null");
        requireRegularFile(file);
        if (startsWithMagic(file)) {
            Tensor tensor = Npy.read(file);
            if (rawShapeOrNull != null && !rawShapeOrNull.equals(tensor.shape())) {
                throw new QuantException(file + ": the file holds shape " + tensor.shape() + ", not the given "
                        + rawShapeOrNull + " (a shape is needed only for raw .bin input)");
            }
            return tensor;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".bin") || name.endsWith(".raw")) {
            return RawFloat32.read(file, rawShapeOrNull);
        }
        if (name.endsWith(".npy")) {
            return Npy.read(file); // reports what is wrong with the magic
        }
        throw new QuantException(file + ": unknown tensor file format: " + FORMATS);
    }

    /** Writes {@code tensor} to {@code file} as .npy, atomically. */
    public static void write(Path file, Tensor tensor) {
        Npy.write(file, tensor);
    }

    /** Writes each tensor to its file as .npy, all or none ({@link AtomicFiles#writeAll}). */
    public static void writeAll(Map<Path, Tensor> files) {
        Map<Path, IoWriter> bodies = new LinkedHashMap<>();
        files.forEach((file, tensor) -> bodies.put(file, Npy.writer(tensor)));
        AtomicFiles.writeAll(bodies);
    }

    /**
     * Fails when {@code bytes} of data could never fit in the Java heap, before they are allocated: a clear
     * message naming the file instead of an OutOfMemoryError part-way through.
     */
    static void requireHeap(String source, String what, long bytes) {
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new QuantException(source + ": " + what + " = " + bytes + " bytes, more than the Java heap holds ("
                    + heap + " bytes): give Java more with QUANT_JAVA_OPTS=-Xmx<size>");
        }
    }

    static void requireRegularFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new QuantException(file + ": is a directory, not a tensor file");
        }
        if (!Files.exists(file)) {
            throw new QuantException(file + ": no such file");
        }
    }

    private static boolean startsWithMagic(Path file) {
        byte[] prefix = new byte[Npy.MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            int length = in.readNBytes(prefix, 0, prefix.length);
            return Npy.hasMagic(prefix, length);
        } catch (IOException e) {
            throw new QuantException(file + ": cannot read: " + AtomicFiles.describe(e), e);
        }
    }
}
