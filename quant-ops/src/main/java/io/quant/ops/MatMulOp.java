package io.quant.ops;

import io.quant.api.OpKernel;
import io.quant.api.Options;
import io.quant.api.Port;
import io.quant.api.QuantOp;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Tensor;
import io.quant.api.tensor.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code matmul}: float {@code a @ b} with numpy's matmul broadcasting, for the float reference run of a
 * pipeline. float32 @ float32 is float32, any float64 operand makes it float64 (numpy's promotion). Sums
 * are formed in float64 and rounded once, so float32 results can differ from numpy's float32 BLAS in the
 * last place (they are closer to the exact product).
 */
public final class MatMulOp implements QuantOp {
    static final String NAME = "matmul";
    /** Below this many multiply-adds, threads cost more than they save. */
    private static final long PARALLEL_WORK = 1L << 20;
    private static final List<Port> INPUTS = List.of(
            Port.required("a", "float32 or float64, shape (..., M, K) or (K,)"),
            Port.required("b", "float32 or float64, shape (..., K, N) or (K,)"));
    private static final List<Port> OUTPUTS = List.of(Port.required("y", "a @ b, shape (..., M, N)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Float matrix product a @ b with numpy broadcasting (float reference runs)";
    }

    @Override
    public List<Port> inputs() {
        return INPUTS;
    }

    @Override
    public List<Port> outputs() {
        return OUTPUTS;
    }

    @Override
    public OpKernel create(Options options) {
        return new Kernel();
    }

    private static final class Kernel implements OpKernel {
        @Override
        public Map<String, TensorSpec> infer(Map<String, TensorSpec> inputs) {
            OpChecks.ports(NAME, INPUTS, inputs.keySet());
            TensorSpec a = inputs.get("a");
            TensorSpec b = inputs.get("b");
            OpChecks.dtype(NAME, "a", a, OpChecks.FLOAT_TYPES);
            OpChecks.dtype(NAME, "b", b, OpChecks.FLOAT_TYPES);
            MatMulShapes shapes = MatMulShapes.of(NAME, a.shape(), b.shape());
            DType type = a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
            return Map.of("y", new TensorSpec(type, shapes.out));
        }

        @Override
        public Map<String, Tensor> run(Map<String, Tensor> inputs) {
            TensorSpec spec = infer(OpChecks.specs(inputs)).get("y");
            Tensor a = inputs.get("a");
            Tensor b = inputs.get("b");
            MatMulShapes s = MatMulShapes.of(NAME, a.shape(), b.shape());
            int m = s.m;
            int k = s.k;
            int n = s.n;
            double[] ad = a.toFloat64().doubles();
            double[] bd = b.toFloat64().doubles();
            // each K x N matrix of b transposed, so that every sum runs over contiguous memory
            double[] bt = new double[bd.length];
            for (int p = 0; p < s.bMatrices; p++) {
                int base = p * k * n;
                for (int kk = 0; kk < k; kk++) {
                    for (int j = 0; j < n; j++) {
                        bt[base + j * k + kk] = bd[base + kk * n + j];
                    }
                }
            }
            double[] out = new double[s.batches() * m * n];
            IntStream rows = IntStream.range(0, s.batches() * m);
            (s.multiplyAdds() >= PARALLEL_WORK ? rows.parallel() : rows).forEach(row -> {
                int t = row / m;
                int ai = (s.aMatrix[t] * m + row % m) * k;
                int bBase = s.bMatrix[t] * n * k;
                int o = row * n;
                int j = 0;
                // four dot products at a time: four independent chains of additions instead of one, each
                // still summing its products in the order k = 0, 1, ...
                for (; j + 4 <= n; j += 4) {
                    int b0 = bBase + j * k;
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int kk = 0; kk < k; kk++) {
                        double av = ad[ai + kk];
                        s0 += av * bt[b0 + kk];
                        s1 += av * bt[b0 + k + kk];
                        s2 += av * bt[b0 + 2 * k + kk];
                        s3 += av * bt[b0 + 3 * k + kk];
                    }
                    out[o + j] = s0;
                    out[o + j + 1] = s1;
                    out[o + j + 2] = s2;
                    out[o + j + 3] = s3;
                }
                for (; j < n; j++) {
                    int bj = bBase + j * k;
                    double sum = 0;
                    for (int kk = 0; kk < k; kk++) {
                        sum += ad[ai + kk] * bt[bj + kk];
                    }
                    out[o + j] = sum;
                }
            });
            Tensor y = Tensor.ofFloat64(s.out, out);
            return Map.of("y", spec.dtype() == DType.FLOAT32 ? y.toFloat32() : y);
        }
    }
}
