package io.quant.ops;

import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.util.Arrays;

/** Run by {@link IntMatMulKernelsTest} in a JVM with or without {@code jdk.incubator.vector}. */
final class MatMulWithoutVectorModuleMain {
    private MatMulWithoutVectorModuleMain() {}

    public static void main(String[] args) {
        // ONNX's MatMulInteger example (a - 12) @ b, uint8
        Tensor a = Tensor.ofInts(DType.UINT8, Shape.of(4, 3), 11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0);
        Tensor b = Tensor.ofInts(DType.UINT8, Shape.of(3, 2), 1, 4, 2, 5, 3, 6);
        MatMulShapes s = MatMulShapes.of("int-matmul", a.shape(), b.shape());
        int[] y = (int[]) IntMatMul.multiply(a, b, new int[] {12}, new int[] {0}, s, false);
        System.out.println(MatMulKernels.get().name() + " " + Arrays.toString(y));
    }
}
