package io.quant.api.kernel;

import io.quant.api.tensor.CodeRange;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Tensor;

/**
 * Run by {@link LinearQuantizationPathsTest} in a JVM without {@code jdk.incubator.vector}: prints whether
 * the module is there after all, the kernels in use and the codes of the ONNX example.
 */
final class WithoutVectorModuleMain {
    private WithoutVectorModuleMain() {}

    public static void main(String[] args) {
        QuantParams params = QuantParams.builder().scheme("explicit").bits(8).codes(CodeRange.of(8, false, false))
                .perTensor(2, 128).build();
        Tensor codes = LinearQuantization.quantize(Tensor.vector(0, 2, 3, 1000, -254, -1000), params);
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        System.out.println((module ? "module present, " : "module absent, ") + LinearQuantization.kernels() + " "
                + codes);
    }
}
