package io.quant.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.core.io.TensorFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A tensor of the pipeline's "tensors" section: inline data, or a .npy/.bin file read at each run (the
 * file may be replaced from the command line). A declared dtype or shape is a promise checked on read.
 */
final class TensorSource {
    private final String name;
    private final Location at;
    private final Tensor inline;
    private final String fileText;
    private final Path file;
    private final DType dtype;
    private final Shape shape;

    private TensorSource(String name, Location at, Tensor inline, String fileText, Path file, DType dtype, Shape shape) {
        this.name = requireNonNull(name, "name is null");
        this.at = requireNonNull(at, "at is null");
        this.inline = inline;
        this.fileText = fileText;
        this.file = file;
        this.dtype = dtype;
        this.shape = shape;
    }

    static TensorSource inline(String name, Location at, Tensor data) {
        return new TensorSource(name, at, requireNonNull(data, "data is null"), null, null, null, null);
    }

    /** {@code file} as written in the pipeline; {@code resolved} against the pipeline's directory, or null. */
    static TensorSource file(String name, Location at, String fileText, Path resolved, DType dtype, Shape shape) {
        return new TensorSource(name, at, null, requireNonNull(fileText, "fileText is null"), resolved, dtype, shape);
    }

    String name() {
        return name;
    }

    Location at() {
        return at;
    }

    /**
     * The tensor this pipeline declares: a copy of its inline data (a plugin that wrote into its input
     * would otherwise change every later run), or its file read now.
     */
    Tensor load() {
        if (inline != null) {
            return inline.copy();
        }
        if (file == null) {
            throw at.error("tensor '" + name + "' comes from file '" + fileText
                    + "', which this pipeline cannot locate (it was not loaded from a file): give the tensor as an input");
        }
        return read(file, at + ": tensor '" + name + "'");
    }

    /** Reads a file given in place of this tensor ({@code --input NAME=FILE}). */
    Tensor read(Path replacement) {
        return read(replacement, "input '" + name + "'");
    }

    /** Checks a tensor handed in place of this one against what the pipeline declares. */
    Tensor check(Tensor given, String what) {
        if (dtype != null && given.dtype() != dtype) {
            throw new UsageException(what + " is " + given.spec() + " but the pipeline declares dtype " + dtype
                    + " (" + at + ")");
        }
        if (shape != null && !given.shape().equals(shape)) {
            throw new UsageException(what + " is " + given.spec() + " but the pipeline declares shape " + shape
                    + " (" + at + ")");
        }
        return given;
    }

    private Tensor read(Path path, String what) {
        Shape raw = isRaw(path) ? shape : null;
        if (isRaw(path) && raw == null) {
            throw new UsageException(what + ": a raw .bin file needs a 'shape' in the pipeline's tensor '" + name + "'");
        }
        Tensor tensor;
        try {
            tensor = TensorFiles.read(path, raw);
        } catch (QuantException e) {
            throw Failures.prefixed(what, e);
        }
        return check(tensor, what);
    }

    private static boolean isRaw(Path path) {
        return !path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }
}
