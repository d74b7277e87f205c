package io.quant.api.tensor;

import io.quant.api.UsageException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The dimensions of a tensor, numpy style: rank 0 is a scalar, a dimension may be 0 (an empty tensor).
 * The element count must fit in a Java array, which is checked here, once, so that nothing downstream
 * overflows.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long count = 1;
        for (int dim : dims) {
            if (dim < 0) {
                throw new UsageException("negative dimension in shape " + format(dims));
            }
            count *= dim;
            if (count > Integer.MAX_VALUE - 8) {
                throw new UsageException("shape " + format(dims) + " has more elements than a Java array holds");
            }
        }
        this.dims = dims;
        this.size = (int) count;
    }

    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** A shape from 64-bit dimensions (as a file header has them), checked to fit. */
    public static Shape ofLongs(long... dims) {
        int[] ints = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new UsageException("dimension " + dims[i] + " out of range in shape "
                        + Arrays.toString(dims));
            }
            ints[i] = (int) dims[i];
        }
        return of(ints);
    }

    public static Shape scalar() {
        return SCALAR;
    }

    /** Parses "2,3" or "2x3" (as {@code --shape} takes it). */
    public static Shape parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return SCALAR;
        }
        // limit -1 keeps trailing empty parts: "2," and "2x" are refused, not read as (2,)
        String[] parts = trimmed.split("[,x]", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                throw new UsageException("bad shape '" + text + "': dimension " + (i + 1) + " is empty");
            }
            try {
                dims[i] = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new UsageException("bad shape '" + text + "': '" + part + "' is not a dimension");
            }
        }
        return of(dims);
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end, as in numpy. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements (1 for a scalar, 0 if any dimension is 0). */
    public int size() {
        return size;
    }

    /** Product of the dimensions after {@code axis}: the stride of {@code axis} in C order. */
    public int stride(int axis) {
        int stride = 1;
        for (int i = normalizeAxis(axis) + 1; i < dims.length; i++) {
            stride *= dims[i];
        }
        return stride;
    }

    /** Maps a possibly negative axis to [0, rank), or fails with a usage error. */
    public int normalizeAxis(int axis) {
        int normalized = axis < 0 ? axis + dims.length : axis;
        if (normalized < 0 || normalized >= dims.length) {
            throw new UsageException("axis " + axis + " is out of range for shape " + this
                    + " (rank " + dims.length + ")");
        }
        return normalized;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** numpy's notation: (), (5,), (2, 3). */
    @Override
    public String toString() {
        return format(dims);
    }

    private static String format(int[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
