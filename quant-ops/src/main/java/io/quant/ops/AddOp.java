package io.quant.ops;

import io.quant.api.OpKernel;
import io.quant.api.Options;
import io.quant.api.Port;
import io.quant.api.QuantOp;
import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.api.tensor.TensorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code add}: float {@code a + b} with numpy broadcasting (shapes aligned on the right, a dimension of 1
 * stretched), typically a bias of shape (N,) over the rows of a (..., N) product, for the float reference
 * run of a pipeline. float32 + float32 is float32, any float64 operand makes it float64.
 */
public final class AddOp implements QuantOp {
    static final String NAME = "add";
    private static final List<Port> INPUTS = List.of(
            Port.required("a", "float32 or float64"),
            Port.required("b", "float32 or float64, broadcast against a as numpy does"));
    private static final List<Port> OUTPUTS = List.of(Port.required("y", "a + b, shape broadcast(a, b)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Float elementwise a + b with numpy broadcasting (float reference runs)";
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
            DType type = a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
            return Map.of("y", new TensorSpec(type, broadcast(a.shape(), b.shape())));
        }

        private static Shape broadcast(Shape a, Shape b) {
            int rank = Math.max(a.rank(), b.rank());
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                int da = dimFromEnd(a, rank - 1 - i);
                int db = dimFromEnd(b, rank - 1 - i);
                if (da != db && da != 1 && db != 1) {
                    throw new UsageException(NAME + ": a has shape " + a + " but b has shape " + b
                            + ": dimensions " + da + " and " + db + " do not broadcast");
                }
                dims[i] = da == 1 ? db : da;
            }
            return Shape.of(dims);
        }

        private static int dimFromEnd(Shape shape, int fromEnd) {
            int i = shape.rank() - 1 - fromEnd;
            return i >= 0 ? shape.dim(i) : 1;
        }

        @Override
        public Map<String, Tensor> run(Map<String, Tensor> inputs) {
            TensorSpec spec = infer(OpChecks.specs(inputs)).get("y");
            Tensor a = inputs.get("a");
            Tensor b = inputs.get("b");
            Shape out = spec.shape();
            double[] ad = a.toFloat64().doubles();
            double[] bd = b.toFloat64().doubles();
            int[] aStrides = strides(a.shape(), out.rank());
            int[] bStrides = strides(b.shape(), out.rank());
            int[] dims = out.dims();
            int last = dims.length - 1;
            // rows of the last axis, each one vectorizable loop; an odometer over the other axes moves each
            // operand by its stride (0 when stretched)
            int inner = last < 0 ? 1 : dims[last];
            int aInner = last < 0 ? 0 : aStrides[last];
            int bInner = last < 0 ? 0 : bStrides[last];
            int[] index = new int[dims.length];
            double[] y = new double[out.size()];
            int ai = 0;
            int bi = 0;
            for (int o = 0; o < y.length; o += inner) {
                addRow(ad, ai, aInner, bd, bi, bInner, y, o, inner);
                for (int axis = last - 1; axis >= 0; axis--) {
                    ai += aStrides[axis];
                    bi += bStrides[axis];
                    if (++index[axis] < dims[axis]) {
                        break;
                    }
                    ai -= aStrides[axis] * dims[axis];
                    bi -= bStrides[axis] * dims[axis];
                    index[axis] = 0;
                }
            }
            Tensor result = Tensor.ofFloat64(out, y);
            return Map.of("y", spec.dtype() == DType.FLOAT32 ? result.toFloat32() : result);
        }

        /** {@code y[o + j] = a[ai + j * sa] + b[bi + j * sb]} for j < n, where each stride is 1 or 0 (stretched). */
        private static void addRow(double[] a, int ai, int sa, double[] b, int bi, int sb, double[] y, int o, int n) {
            if (sa == 1 && sb == 1) {
                for (int j = 0; j < n; j++) {
                    y[o + j] = a[ai + j] + b[bi + j];
                }
            } else if (sa == 1) {
                double bv = b[bi];
                for (int j = 0; j < n; j++) {
                    y[o + j] = a[ai + j] + bv;
                }
            } else if (sb == 1) {
                double av = a[ai];
                for (int j = 0; j < n; j++) {
                    y[o + j] = av + b[bi + j];
                }
            } else {
                Arrays.fill(y, o, o + n, a[ai] + b[bi]);
            }
        }

        /** C-order strides of {@code shape} aligned right to {@code rank} axes, 0 on stretched or missing axes. */
        private static int[] strides(Shape shape, int rank) {
            int[] strides = new int[rank];
            int offset = rank - shape.rank();
            for (int i = 0; i < shape.rank(); i++) {
                strides[offset + i] = shape.dim(i) == 1 ? 0 : shape.stride(i);
            }
            return strides;
        }
    }
}
