package io.quant.api.tensor;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * An n-d array of one dtype, held in C order in one primitive array ({@link DType#storage()}). Kernels take
 * the array with {@link #floats()}, {@link #bytes()} and the like and loop over it directly.
 *
 * <p>A tensor owns its array: the factories take the array without copying, and the accessors hand out
 * the same array, for speed. Treat both as read-only once wrapped; every built-in op writes a new tensor.
 */
public final class Tensor {
    private final DType dtype;
    private final Shape shape;
    private final Object data;

    private Tensor(DType dtype, Shape shape, Object data) {
        this.dtype = requireNonNull(dtype, "dtype is null");
        this.shape = requireNonNull(shape, "shape is null");
        this.data = requireNonNull(data, "data is null");
        if (data.getClass() != dtype.storage()) {
            throw new IllegalArgumentException(dtype + " is held in " + dtype.storage().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
        int length = Array.getLength(data);
        if (length != shape.size()) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.size()
                    + " elements but the array has " + length);
        }
    }

    /** Wraps {@code data} (of {@code dtype.storage()} class and {@code shape.size()} length) without copying. */
    public static Tensor wrap(DType dtype, Shape shape, Object data) {
        return new Tensor(dtype, shape, data);
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(DType dtype, Shape shape) {
        return new Tensor(dtype, shape, Array.newInstance(dtype.storage().getComponentType(), shape.size()));
    }

    public static Tensor ofFloat32(Shape shape, float... data) {
        return new Tensor(DType.FLOAT32, shape, data);
    }

    public static Tensor ofFloat64(Shape shape, double... data) {
        return new Tensor(DType.FLOAT64, shape, data);
    }

    public static Tensor ofInt8(Shape shape, byte... data) {
        return new Tensor(DType.INT8, shape, data);
    }

    public static Tensor ofUint8(Shape shape, byte... data) {
        return new Tensor(DType.UINT8, shape, data);
    }

    public static Tensor ofInt32(Shape shape, int... data) {
        return new Tensor(DType.INT32, shape, data);
    }

    public static Tensor ofInt64(Shape shape, long... data) {
        return new Tensor(DType.INT64, shape, data);
    }

    /** A 1-d float32 tensor. */
    public static Tensor vector(float... data) {
        return ofFloat32(Shape.of(data.length), data);
    }

    /**
     * An integer tensor of {@code dtype} from int values (tests, small constants); each value must fit.
     */
    public static Tensor ofInts(DType dtype, Shape shape, int... values) {
        Tensor tensor = zeros(dtype, shape);
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.size() + " elements, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!dtype.holds(values[i], values[i])) {
                throw new IllegalArgumentException(values[i] + " does not fit " + dtype);
            }
            tensor.setLong(i, values[i]);
        }
        return tensor;
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public TensorSpec spec() {
        return new TensorSpec(dtype, shape);
    }

    public int size() {
        return shape.size();
    }

    /** The backing array, whatever its class. */
    public Object storage() {
        return data;
    }

    public float[] floats() {
        return (float[]) as(float[].class);
    }

    public double[] doubles() {
        return (double[]) as(double[].class);
    }

    /** int8, uint8 (read with {@code & 0xFF}) and bool. */
    public byte[] bytes() {
        return (byte[]) as(byte[].class);
    }

    /** int16, uint16 (read with {@code & 0xFFFF}) and float16 bits. */
    public short[] shorts() {
        return (short[]) as(short[].class);
    }

    public int[] ints() {
        return (int[]) as(int[].class);
    }

    public long[] longs() {
        return (long[]) as(long[].class);
    }

    /** The same values in an array of their own (a tensor is otherwise wrapped and passed on without copying). */
    public Tensor copy() {
        Tensor copy = zeros(dtype, shape);
        System.arraycopy(data, 0, copy.data, 0, size());
        return copy;
    }

    /** The same data seen with another shape of the same size. */
    public Tensor reshape(Shape newShape) {
        return new Tensor(dtype, newShape, data);
    }

    /** Element {@code i} (C order) as a double. For tests and small tensors, not for hot loops. */
    public double getDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case FLOAT16 -> Float16.toFloat(((short[]) data)[i]);
            case UINT64 -> {
                long bits = ((long[]) data)[i];
                yield bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
            }
            default -> getLong(i);
        };
    }

    /** Element {@code i} (C order) of an integer or bool tensor as a long, unsigned types widened. */
    public long getLong(int i) {
        return switch (dtype) {
            case BOOL, INT8 -> ((byte[]) data)[i];
            case UINT8 -> ((byte[]) data)[i] & 0xFF;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFF;
            case INT32 -> ((int[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xFFFF_FFFFL;
            case INT64, UINT64 -> ((long[]) data)[i];
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        };
    }

    private void setLong(int i, long value) {
        switch (dtype) {
            case BOOL, INT8, UINT8 -> ((byte[]) data)[i] = (byte) value;
            case INT16, UINT16 -> ((short[]) data)[i] = (short) value;
            case INT32, UINT32 -> ((int[]) data)[i] = (int) value;
            case INT64, UINT64 -> ((long[]) data)[i] = value;
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        }
    }

    /** This tensor as float64 (a copy; numeric conversion, unsigned types widened). */
    public Tensor toFloat64() {
        if (dtype == DType.FLOAT64) {
            return this;
        }
        double[] out = new double[size()];
        if (dtype == DType.FLOAT32) {
            float[] in = floats();
            for (int i = 0; i < out.length; i++) {
                out[i] = in[i];
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = getDouble(i);
            }
        }
        return ofFloat64(shape, out);
    }

    /** This tensor as float32 (a copy, rounding to nearest where float32 cannot hold the value). */
    public Tensor toFloat32() {
        if (dtype == DType.FLOAT32) {
            return this;
        }
        float[] out = new float[size()];
        if (dtype == DType.FLOAT64) {
            double[] in = doubles();
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) in[i];
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) getDouble(i);
            }
        }
        return ofFloat32(shape, out);
    }

    /**
     * Index of the first NaN or infinity in a float tensor, or -1. Integer tensors have none.
     */
    public int firstNonFinite() {
        switch (dtype) {
            case FLOAT32 -> {
                float[] a = floats();
                for (int i = 0; i < a.length; i++) {
                    if (!Float.isFinite(a[i])) {
                        return i;
                    }
                }
            }
            case FLOAT64 -> {
                double[] a = doubles();
                for (int i = 0; i < a.length; i++) {
                    if (!Double.isFinite(a[i])) {
                        return i;
                    }
                }
            }
            case FLOAT16 -> {
                short[] a = shorts();
                for (int i = 0; i < a.length; i++) {
                    if (!Float.isFinite(Float16.toFloat(a[i]))) {
                        return i;
                    }
                }
            }
            default -> {
                return -1;
            }
        }
        return -1;
    }

    /** Fails with the dtype name when this tensor's dtype is not one of {@code allowed}. */
    public Tensor requireDType(String what, DType... allowed) {
        for (DType type : allowed) {
            if (type == dtype) {
                return this;
            }
        }
        throw new QuantException(what + " must be " + Arrays.toString(allowed).replaceAll("[\\[\\]]", "")
                .replace(", ", " or ") + ", got " + dtype);
    }

    private Object as(Class<?> storage) {
        if (data.getClass() != storage) {
            throw new IllegalStateException("a " + dtype + " tensor is not held in " + storage.getSimpleName());
        }
        return data;
    }

    @Override
    public boolean equals(Object o) {
        // deepEquals compares primitive arrays element by element
        return o instanceof Tensor other && dtype == other.dtype && shape.equals(other.shape)
                && java.util.Objects.deepEquals(data, other.data);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + shape.hashCode()) * 31 + Arrays.deepHashCode(new Object[] {data});
    }

    /** dtype, shape and up to the first 8 elements. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(dtype.displayName()).append(shape).append(" [");
        int shown = Math.min(size(), 8);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(dtype.isFloatingPoint() ? Double.toString(getDouble(i)) : Long.toString(getLong(i)));
        }
        return text.append(size() > shown ? ", ...]" : "]").toString();
    }
}
