package io.quant.core.io;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * numpy's .npy format (numpy/lib/format.py). Reads versions 1.0, 2.0 and 3.0, every numeric dtype in
 * either byte order, C or Fortran order (transposed into C order), 0-d and empty arrays. Writes version 1.0
 * (2.0 when the header needs it), little-endian, C order, with numpy's exact header, so numpy reads our
 * files and we read numpy's.
 *
 * <p>The file is untrusted: its header is parsed as a literal (never evaluated, never unpickled), and every
 * size is checked against the file's length before anything is allocated.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The largest header read; numpy itself refuses more than 10000 characters. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** Java arrays hold a little less than Integer.MAX_VALUE elements (as Shape checks). */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {}

    /** Whether {@code prefix} starts with the .npy magic string. */
    public static boolean hasMagic(byte[] prefix, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a .npy file into one tensor; every problem is a one-line {@link QuantException} naming the file. */
    public static Tensor read(Path file) {
        return read(file, ArrayChannels.CHUNK_BYTES);
    }

    static Tensor read(Path file, int chunkBytes) {
        requireNonNull(file, "file is null");
        String source = file.toString();
        TensorFiles.requireRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, source, chunkBytes);
        } catch (IOException e) {
            throw new QuantException(source + ": cannot read: " + AtomicFiles.describe(e), e);
        }
    }

    private static Tensor read(FileChannel channel, String source, int chunkBytes) throws IOException {
        long fileSize = channel.size();
        ByteBuffer preamble = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        preamble.limit((int) Math.min(10, fileSize));
        readFully(channel, preamble);
        byte[] start = preamble.array();
        int got = preamble.position();
        for (int i = 0; i < Math.min(got, MAGIC.length); i++) {
            if (start[i] != MAGIC[i]) {
                throw new QuantException(source + ": not a .npy file: it does not start with the magic \\x93NUMPY");
            }
        }
        if (got < 10) {
            throw new QuantException(source + ": truncated header: the file has " + fileSize
                    + " bytes, a .npy preamble needs 10");
        }
        int major = start[6] & 0xFF;
        int minor = start[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw new QuantException(source + ": unsupported .npy format version " + major + "." + minor
                    + " (quant reads 1.0, 2.0 and 3.0)");
        }
        long headerLength;
        int preambleLength;
        if (major == 1) {
            preambleLength = 10;
            headerLength = preamble.getShort(8) & 0xFFFF;
        } else {
            preambleLength = 12;
            if (fileSize < 12) {
                throw new QuantException(source + ": truncated header: the file has " + fileSize
                        + " bytes, a version " + major + ".0 preamble needs 12");
            }
            preamble.limit(12);
            readFully(channel, preamble);
            headerLength = preamble.getInt(8) & 0xFFFF_FFFFL;
        }
        long afterPreamble = fileSize - preambleLength;
        if (headerLength > afterPreamble) {
            throw new QuantException(source + ": truncated header: the preamble says the header has " + headerLength
                    + " bytes, the file has " + afterPreamble + " after the preamble");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new QuantException(source + ": header of " + headerLength + " bytes is larger than the "
                    + MAX_HEADER_BYTES + " quant reads (numpy writes a few hundred)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes);
        headerBytes.flip();
        NpyHeader header = NpyHeader.parse(source, decode(source, headerBytes, major));

        long available = afterPreamble - headerLength;
        long count = header.elementCount();
        int elementBytes = header.dtype().byteSize();
        String layout = "header says " + header.shapeText() + " " + header.dtype();
        if (count < 0 || count > Long.MAX_VALUE / elementBytes) {
            throw new QuantException(source + ": shape " + header.shapeText() + " overflows: its "
                    + header.dtype() + " data would need more than 2^63 bytes");
        }
        long needed = count * elementBytes;
        if (needed > available) {
            throw new QuantException(source + ": truncated data: " + layout + " = " + needed + " bytes, file has "
                    + available + " after the header");
        }
        if (needed < available) {
            throw new QuantException(source + ": " + (available - needed) + " bytes of trailing data: " + layout
                    + " = " + needed + " bytes, file has " + available + " after the header");
        }
        if (count > MAX_ELEMENTS) {
            throw new QuantException(source + ": shape " + header.shapeText() + " has " + count
                    + " elements, more than a Java array holds (" + MAX_ELEMENTS + ")");
        }
        long[] dims = header.dims();
        for (long dim : dims) {
            if (dim > MAX_ELEMENTS) { // possible only when another dimension is 0
                throw new QuantException(source + ": dimension " + dim + " of shape " + header.shapeText()
                        + " is larger than quant supports (" + MAX_ELEMENTS + ")");
            }
        }
        TensorFiles.requireHeap(source, layout, needed);
        Shape shape = Shape.ofLongs(dims);
        Object data = Array.newInstance(header.dtype().storage().getComponentType(), (int) count);
        try {
            ArrayChannels.read(channel, data, header.order(), chunkBytes);
        } catch (EOFException e) {
            throw new QuantException(source + ": truncated data: " + e.getMessage() + " (did the file change while it was read?)", e);
        }
        if (header.fortranOrder()) {
            data = fortranToC(data, shape.dims());
        }
        return Tensor.wrap(header.dtype(), shape, data);
    }

    private static String decode(String source, ByteBuffer bytes, int major) {
        if (major < 3) {
            return StandardCharsets.ISO_8859_1.decode(bytes).toString();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new QuantException(source + ": bad .npy header: a version 3.0 header must be UTF-8 text");
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("unexpected end of file");
            }
        }
    }

    /** Writes {@code tensor} to {@code file} as .npy, atomically. */
    public static void write(Path file, Tensor tensor) {
        AtomicFiles.write(file, writer(tensor));
    }

    /** What writes {@code tensor} as .npy, for {@link AtomicFiles#writeAll} with other files. */
    public static IoWriter writer(Tensor tensor) {
        requireNonNull(tensor, "tensor is null");
        return out -> write(out, tensor);
    }

    /** Writes {@code tensor} as .npy to {@code out} (not closed). */
    public static void write(OutputStream out, Tensor tensor) throws IOException {
        write(out, tensor, ArrayChannels.CHUNK_BYTES);
    }

    static void write(OutputStream out, Tensor tensor, int chunkBytes) throws IOException {
        requireNonNull(out, "out is null");
        requireNonNull(tensor, "tensor is null");
        out.write(header(tensor.dtype(), tensor.shape()));
        ArrayChannels.writeLittleEndian(out, tensor.storage(), chunkBytes);
    }

    /** The bytes before the data: magic, version, length and header dict, padded to 64 bytes as numpy pads. */
    public static byte[] header(DType dtype, Shape shape) {
        return NpyHeader.encode(requireNonNull(dtype, "dtype is null"), requireNonNull(shape, "shape is null"));
    }

    /**
     * Reorders Fortran-order (first index fastest) data into C order (last index fastest): a strided copy,
     * row by row of the output, with the type dispatch outside the inner loop.
     */
    static Object fortranToC(Object source, int[] dims) {
        int length = Array.getLength(source);
        if (dims.length < 2 || length == 0) {
            return source; // 0-d and 1-d data is the same in both orders
        }
        int rank = dims.length;
        long[] fortranStrides = new long[rank];
        long stride = 1;
        for (int axis = 0; axis < rank; axis++) {
            fortranStrides[axis] = stride;
            stride *= dims[axis];
        }
        Object target = Array.newInstance(source.getClass().getComponentType(), length);
        int rowLength = dims[rank - 1];
        int innerStride = (int) fortranStrides[rank - 1];
        int[] index = new int[rank - 1];
        long base = 0;
        for (int out = 0; out < length; out += rowLength) {
            gather(source, (int) base, innerStride, target, out, rowLength);
            // advance the odometer over the leading axes, last of them fastest
            for (int axis = rank - 2; axis >= 0; axis--) {
                index[axis]++;
                base += fortranStrides[axis];
                if (index[axis] < dims[axis]) {
                    break;
                }
                base -= (long) index[axis] * fortranStrides[axis];
                index[axis] = 0;
            }
        }
        return target;
    }

    private static void gather(Object source, int base, int stride, Object target, int offset, int count) {
        if (source instanceof byte[]) {
            byte[] from = (byte[]) source;
            byte[] to = (byte[]) target;
            for (int i = 0; i < count; i++) {
                to[offset + i] = from[base + i * stride];
            }
        } else if (source instanceof short[]) {
            short[] from = (short[]) source;
            short[] to = (short[]) target;
            for (int i = 0; i < count; i++) {
                to[offset + i] = from[base + i * stride];
            }
        } else if (source instanceof int[]) {
            int[] from = (int[]) source;
            int[] to = (int[]) target;
            for (int i = 0; i < count; i++) {
                to[offset + i] = from[base + i * stride];
            }
        } else if (source instanceof float[]) {
            float[] from = (float[]) source;
            float[] to = (float[]) target;
            for (int i = 0; i < count; i++) {
                to[offset + i] = from[base + i * stride];
            }
        } else if (source instanceof long[]) {
            long[] from = (long[]) source;
            long[] to = (long[]) target;
            for (int i = 0; i < count; i++) {
                to[offset + i] = from[base + i * stride];
            }
        } else {
            double[] from = (double[]) source;
            double[] to = (double[]) target;
            for (int i = 0; i < count; i++) {
                to[offset + i] = from[base + i * stride];
            }
        }
    }
}
