package io.quant.core.io;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.core.text.OneLine;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dict of a .npy header: {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. Parsed
 * strictly from numpy's Python literal, and written exactly as numpy writes it.
 */
final class NpyHeader {
    /** numpy aligns the data to 64 bytes (ARRAY_ALIGN) so that it can be memory-mapped. */
    static final int ALIGN = 64;
    /** numpy leaves room for the first axis to grow to 21 digits (GROWTH_AXIS_MAX_DIGITS). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    static final String READABLE = "bool, int8..int64, uint8..uint64, float16, float32 and float64";

    private final DType dtype;
    private final ByteOrder order;
    private final boolean fortranOrder;
    private final long[] dims;

    NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, long[] dims) {
        this.dtype = requireNonNull(dtype, "dtype is null");
        this.order = requireNonNull(order, "order is null");
        this.fortranOrder = fortranOrder;
        this.dims = requireNonNull(dims, "dims is null").clone();
    }

    DType dtype() {
        return dtype;
    }

    ByteOrder order() {
        return order;
    }

    boolean fortranOrder() {
        return fortranOrder;
    }

    long[] dims() {
        return dims.clone();
    }

    /** The element count, or -1 when it does not fit in a long. */
    long elementCount() {
        long count = 1;
        for (long dim : dims) {
            if (dim == 0) {
                return 0;
            }
        }
        for (long dim : dims) {
            if (count > Long.MAX_VALUE / dim) {
                return -1;
            }
            count *= dim;
        }
        return count;
    }

    /** The shape as Python writes a tuple: (), (5,), (2, 3). */
    String shapeText() {
        return tupleText(dims);
    }

    static String tupleText(long[] dims) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            text.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return text.append(dims.length == 1 ? ",)" : ")").toString();
    }

    /** Parses the header text (the dict and its padding); errors name {@code source}. */
    static NpyHeader parse(String source, String text) {
        Object literal;
        try {
            literal = PyLiteral.parse(text);
        } catch (PyLiteral.SyntaxException e) {
            throw new QuantException(source + ": bad .npy header: " + OneLine.escape(e.getMessage()) + " at character "
                    + e.position() + " of " + excerpt(text));
        }
        if (!(literal instanceof Map)) {
            throw new QuantException(source + ": bad .npy header: not a dict but " + excerpt(PyLiteral.repr(literal)));
        }
        Map<?, ?> dict = (Map<?, ?>) literal;
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw new QuantException(source + ": bad .npy header: unexpected key " + excerpt(PyLiteral.repr(key))
                        + " (numpy writes only 'descr', 'fortran_order' and 'shape')");
            }
        }
        for (String key : new TreeSet<>(KEYS)) {
            if (!dict.containsKey(key)) {
                throw new QuantException(source + ": bad .npy header: missing key '" + key + "' in " + excerpt(text));
            }
        }
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new QuantException(source + ": bad .npy header: fortran_order must be True or False, got "
                    + excerpt(PyLiteral.repr(fortran)));
        }
        long[] dims = dims(source, dict.get("shape"));
        Object descr = dict.get("descr");
        DType dtype;
        ByteOrder order;
        if (descr instanceof String) {
            String type = (String) descr;
            order = byteOrder(type);
            dtype = dtype(source, type);
        } else if (descr instanceof List) {
            throw new QuantException(source + ": structured dtype " + excerpt(PyLiteral.repr(descr))
                    + " is not supported: quant reads one plain numeric array per file");
        } else {
            throw new QuantException(source + ": bad .npy header: descr must be a dtype string such as '<f4', got "
                    + excerpt(PyLiteral.repr(descr)));
        }
        return new NpyHeader(dtype, order, (Boolean) fortran, dims);
    }

    private static long[] dims(String source, Object shape) {
        if (!(shape instanceof PyLiteral.Tuple)) {
            throw new QuantException(source + ": bad .npy header: shape must be a tuple of integers, got "
                    + excerpt(PyLiteral.repr(shape)));
        }
        List<Object> items = ((PyLiteral.Tuple) shape).items();
        long[] dims = new long[items.size()];
        for (int i = 0; i < dims.length; i++) {
            Object item = items.get(i);
            if (!(item instanceof BigInteger)) {
                throw new QuantException(source + ": bad .npy header: dimension " + excerpt(PyLiteral.repr(item))
                        + " in shape " + excerpt(shape.toString()) + " is not an integer");
            }
            BigInteger dim = (BigInteger) item;
            if (dim.signum() < 0) {
                throw new QuantException(source + ": bad .npy header: negative dimension " + dim + " in shape "
                        + excerpt(shape.toString()));
            }
            if (dim.bitLength() > 63) {
                throw new QuantException(source + ": bad .npy header: dimension " + excerpt(dim.toString())
                        + " in shape " + excerpt(shape.toString()) + " is too large");
            }
            dims[i] = dim.longValue();
        }
        return dims;
    }

    private static ByteOrder byteOrder(String descr) {
        char first = descr.isEmpty() ? '=' : descr.charAt(0);
        if (first == '<') {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (first == '>') {
            return ByteOrder.BIG_ENDIAN;
        }
        // '=' native, '|' not applicable (one-byte types), none: numpy reads all three as native
        return ByteOrder.nativeOrder();
    }

    private static DType dtype(String source, String descr) {
        String type = !descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        switch (type) {
            case "b1":
            case "?":
                return DType.BOOL;
            case "i1":
                return DType.INT8;
            case "u1":
                return DType.UINT8;
            case "i2":
                return DType.INT16;
            case "u2":
                return DType.UINT16;
            case "i4":
                return DType.INT32;
            case "u4":
                return DType.UINT32;
            case "i8":
                return DType.INT64;
            case "u8":
                return DType.UINT64;
            case "f2":
                return DType.FLOAT16;
            case "f4":
                return DType.FLOAT32;
            case "f8":
                return DType.FLOAT64;
            default:
                break;
        }
        if (type.startsWith("O")) {
            throw new QuantException(source + ": dtype '" + excerpt(descr) + "' holds pickled Python objects,"
                    + " which quant never loads: save a numeric array");
        }
        if (type.startsWith("V")) {
            throw new QuantException(source + ": void/structured dtype '" + excerpt(descr)
                    + "' is not supported: quant reads one plain numeric array per file");
        }
        throw new QuantException(source + ": unsupported dtype '" + excerpt(descr) + "': quant reads " + READABLE);
    }

    /** numpy's descr for an array written little-endian: '|u1', '<f4'. */
    static String descr(DType dtype) {
        String type;
        switch (dtype) {
            case BOOL:
                type = "b1";
                break;
            case FLOAT16:
            case FLOAT32:
            case FLOAT64:
                type = "f" + dtype.byteSize();
                break;
            default:
                type = dtype.kind() + Integer.toString(dtype.byteSize());
                break;
        }
        return (dtype.byteSize() == 1 ? "|" : "<") + type;
    }

    /**
     * The magic, version, header length and header, byte for byte as numpy 1.24 writes them for a C-order
     * little-endian array: version 1.0 unless the header needs more than 65535 bytes.
     */
    static byte[] encode(DType dtype, Shape shape) {
        int[] intDims = shape.dims();
        long[] dims = new long[intDims.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = intDims[i];
        }
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr(dtype))
                .append("', 'fortran_order': False, 'shape': ").append(tupleText(dims)).append(", }");
        if (dims.length > 0) {
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(dims[0]).length()));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int headerLength = text.length + 1; // + '\n'
        int major = 1;
        int preamble = 10;
        int padding = ALIGN - (preamble + headerLength) % ALIGN;
        if (headerLength + padding > 0xFFFF) {
            major = 2;
            preamble = 12;
            padding = ALIGN - (preamble + headerLength) % ALIGN;
        }
        byte[] out = new byte[preamble + headerLength + padding];
        System.arraycopy(Npy.MAGIC, 0, out, 0, Npy.MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        int length = headerLength + padding;
        for (int i = 0; i < preamble - 8; i++) {
            out[8 + i] = (byte) (length >>> (8 * i));
        }
        System.arraycopy(text, 0, out, preamble, text.length);
        java.util.Arrays.fill(out, preamble + text.length, out.length - 1, (byte) ' ');
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * At most 100 characters of header text, on one line (a quoted key may hold line breaks), for a message.
     * Cut before escaping, so that the cut never splits an escape.
     */
    static String excerpt(String text) {
        String line = text.strip();
        return OneLine.escape(line.length() <= 100 ? line : line.substring(0, 97) + "...");
    }
}
