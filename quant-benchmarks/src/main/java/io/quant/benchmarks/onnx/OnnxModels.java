package io.quant.benchmarks.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One-node ONNX models, written as protobuf bytes in memory (no file, no Python): QuantizeLinear,
 * DequantizeLinear, MatMulInteger and QLinearMatMul. Constants (scales, zero points, the weight matrix B)
 * are initializers, so that ONNX Runtime can prepack B as it does for a real model's weights.
 *
 * <p>Field numbers are those of onnx.proto (ModelProto.graph = 7, GraphProto.node = 1, ...).
 */
public final class OnnxModels {
    /** TensorProto.DataType values. */
    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT8 = 3;
    public static final int INT32 = 6;
    public static final int UINT4 = 21;
    public static final int INT4 = 22;

    /** Opset 21 has int4/uint4 QuantizeLinear; IR version 10 goes with it. */
    private static final int OPSET = 21;
    private static final int IR_VERSION = 10;
    private static final int ATTRIBUTE_INT = 2;

    private OnnxModels() {}

    /** {@code y = QuantizeLinear(x, scale, zero_point)}, per tensor ({@code axis < 0}) or along {@code axis}. */
    public static byte[] quantizeLinear(long[] shape, int axis, float[] scales, int[] zeroPoints, int codeType) {
        return linear("QuantizeLinear", "quantize", shape, axis, scales, zeroPoints, codeType, FLOAT, codeType);
    }

    /** {@code y = DequantizeLinear(x, scale, zero_point)} to float32. */
    public static byte[] dequantizeLinear(long[] shape, int axis, float[] scales, int[] zeroPoints, int codeType) {
        return linear("DequantizeLinear", "dequantize", shape, axis, scales, zeroPoints, codeType, codeType, FLOAT);
    }

    /** Either linear op: the same inputs and attribute, float32 one side of it and codes the other. */
    private static byte[] linear(String op, String graphName, long[] shape, int axis, float[] scales, int[] zeroPoints,
            int codeType, int inType, int outType) {
        Protobuf node = node(op, new String[] {"x", "scale", "zero_point"}, "y");
        if (axis >= 0) {
            node.message(5, intAttribute("axis", axis));
        }
        long[] paramShape = axis >= 0 ? new long[] {scales.length} : new long[0];
        Protobuf graph = new Protobuf()
                .message(1, node)
                .string(2, graphName)
                .message(5, tensor("scale", FLOAT, paramShape, floats(scales)))
                .message(5, tensor("zero_point", codeType, paramShape, codes(zeroPoints, codeType)))
                .message(11, valueInfo("x", inType, shape))
                .message(12, valueInfo("y", outType, shape));
        return model(graph);
    }

    /** {@code y = MatMulInteger(a, B, za, zb)}: a (m, k) is the input, B (k, n) a constant. */
    public static byte[] matMulInteger(int m, int k, int n, int aType, int bType, byte[] b, int aZeroPoint,
            int bZeroPoint) {
        Protobuf graph = new Protobuf()
                .message(1, node("MatMulInteger", new String[] {"a", "b", "a_zero_point", "b_zero_point"}, "y"))
                .string(2, "matmul_integer")
                .message(5, tensor("b", bType, new long[] {k, n}, b))
                .message(5, tensor("a_zero_point", aType, new long[0], codes(new int[] {aZeroPoint}, aType)))
                .message(5, tensor("b_zero_point", bType, new long[0], codes(new int[] {bZeroPoint}, bType)))
                .message(11, valueInfo("a", aType, new long[] {m, k}))
                .message(12, valueInfo("y", INT32, new long[] {m, n}));
        return model(graph);
    }

    /** {@code y = QLinearMatMul(a, sa, za, B, sb, zb, sy, zy)}: codes of a's type out, B constant. */
    public static byte[] qlinearMatMul(int m, int k, int n, int aType, int bType, byte[] b, float aScale,
            int aZeroPoint, float bScale, int bZeroPoint, float yScale, int yZeroPoint) {
        Protobuf graph = new Protobuf()
                .message(1, node("QLinearMatMul", new String[] {"a", "a_scale", "a_zero_point", "b", "b_scale",
                        "b_zero_point", "y_scale", "y_zero_point"}, "y"))
                .string(2, "qlinear_matmul")
                .message(5, tensor("a_scale", FLOAT, new long[0], floats(new float[] {aScale})))
                .message(5, tensor("a_zero_point", aType, new long[0], codes(new int[] {aZeroPoint}, aType)))
                .message(5, tensor("b", bType, new long[] {k, n}, b))
                .message(5, tensor("b_scale", FLOAT, new long[0], floats(new float[] {bScale})))
                .message(5, tensor("b_zero_point", bType, new long[0], codes(new int[] {bZeroPoint}, bType)))
                .message(5, tensor("y_scale", FLOAT, new long[0], floats(new float[] {yScale})))
                .message(5, tensor("y_zero_point", aType, new long[0], codes(new int[] {yZeroPoint}, aType)))
                .message(11, valueInfo("a", aType, new long[] {m, k}))
                .message(12, valueInfo("y", aType, new long[] {m, n}));
        return model(graph);
    }

    private static byte[] model(Protobuf graph) {
        return new Protobuf()
                .int64(1, IR_VERSION)
                .string(2, "quant-benchmarks")
                .message(7, graph)
                .message(8, new Protobuf().string(1, "").int64(2, OPSET))
                .toByteArray();
    }

    private static Protobuf node(String opType, String[] inputs, String output) {
        Protobuf node = new Protobuf();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, opType.toLowerCase(java.util.Locale.ROOT)).string(4, opType);
    }

    private static Protobuf intAttribute(String name, long value) {
        return new Protobuf().string(1, name).int64(3, value).int64(20, ATTRIBUTE_INT);
    }

    private static Protobuf tensor(String name, int type, long[] dims, byte[] raw) {
        Protobuf tensor = new Protobuf();
        for (long dim : dims) {
            tensor.int64(1, dim);
        }
        return tensor.int64(2, type).string(8, name).bytes(9, raw);
    }

    private static Protobuf valueInfo(String name, int type, long[] dims) {
        Protobuf shape = new Protobuf();
        for (long dim : dims) {
            shape.message(1, new Protobuf().int64(1, dim));
        }
        Protobuf tensorType = new Protobuf().int64(1, type).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }

    private static byte[] floats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    /** Codes as ONNX stores them: a byte each, or two 4-bit codes per byte, the first in the low nibble. */
    private static byte[] codes(int[] values, int type) {
        if (type == UINT4 || type == INT4) {
            byte[] packed = new byte[(values.length + 1) / 2];
            for (int i = 0; i < values.length; i++) {
                packed[i / 2] |= (byte) ((values[i] & 0xF) << (i % 2 == 0 ? 0 : 4));
            }
            return packed;
        }
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
