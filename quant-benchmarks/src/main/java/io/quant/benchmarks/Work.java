package io.quant.benchmarks;

import io.quant.api.Calibrator;
import io.quant.api.Options;
import io.quant.api.QuantScheme;
import io.quant.api.QuantizerOptions;
import io.quant.api.RangeObserver;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.benchmarks.onnx.OnnxModels;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The elementwise workloads on the benchmark tensor, named as the {@code work} parameter spells them: the
 * shape the 23,851,520 values are seen as, the code range, and scales from the data's own range (affine:
 * widened to hold 0; symmetric: max |x| / (2^(b-1) - 1)), chosen by quant's own calibrator and quantizers.
 */
enum Work {
    /** Affine uint8, per tensor: the headline of issue 5. */
    UINT8("uint8", 8, false, -1),
    /** Symmetric int8, per tensor. */
    INT8("int8", 8, true, -1),
    /** Affine 4-bit codes (one per byte here; ONNX Runtime packs two per byte). */
    UINT4("uint4", 4, false, -1),
    /** Symmetric int8 per output channel of (2560, 9317) weights: long runs of one channel. */
    INT8_ROWS("int8-rows", 8, true, 0),
    /** Symmetric int8 per column of (9317, 2560) weights (ONNX MatMul's B): runs of one element. */
    INT8_COLUMNS("int8-columns", 8, true, 1);

    static final int ROWS = 2560;
    static final int COLUMNS = BenchData.WEIGHTS / ROWS;

    final String label;
    final int bits;
    final boolean symmetric;
    final int axis;

    Work(String label, int bits, boolean symmetric, int axis) {
        this.label = label;
        this.bits = bits;
        this.symmetric = symmetric;
        this.axis = axis;
    }

    static Work of(String label) {
        for (Work work : values()) {
            if (work.label.equals(label)) {
                return work;
            }
        }
        throw new IllegalArgumentException("unknown work '" + label + "'");
    }

    Shape shape() {
        return switch (axis) {
            case 0 -> Shape.of(ROWS, COLUMNS);
            case 1 -> Shape.of(COLUMNS, ROWS);
            default -> Shape.of(BenchData.WEIGHTS);
        };
    }

    long[] dims() {
        int[] dims = shape().dims();
        long[] result = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            result[i] = dims[i];
        }
        return result;
    }

    int onnxType() {
        if (bits == 4) {
            return symmetric ? OnnxModels.INT4 : OnnxModels.UINT4;
        }
        return symmetric ? OnnxModels.INT8 : OnnxModels.UINT8;
    }

    /**
     * Scales and zero points from the data, per tensor or per index along {@link #axis}: the {@code minmax}
     * calibrator's range, then the {@code affine} or {@code symmetric} quantizer with its defaults (range
     * widened to hold 0, zero point clamped, half-even; divisor qmax) at this work's width.
     */
    QuantParams params(float[] x) {
        Calibrator minmax = Plugins.calibrator("minmax");
        RangeObserver observer = minmax.newObserver(Options.parse("calibrator 'minmax'", minmax.options(), Map.of()),
                axis < 0 ? OptionalInt.empty() : OptionalInt.of(axis));
        observer.observe(Tensor.ofFloat32(shape(), x));
        QuantScheme scheme = Plugins.quantizer(symmetric ? "symmetric" : "affine",
                Map.of(QuantizerOptions.BITS, bits, QuantizerOptions.SIGNED, symmetric));
        return scheme.params(observer.ranges());
    }

    /** The same parameters as an ONNX model needs them: float32 scales. */
    static float[] floatScales(QuantParams params) {
        float[] scales = new float[params.channels()];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = (float) params.scale(c);
        }
        return scales;
    }
}
