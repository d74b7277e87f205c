package io.quant.cli;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.core.io.TensorChecks;
import io.quant.core.io.TensorFiles;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a tensor to quantize: .npy of any numeric dtype, or raw float32 with a shape. float32 and float64
 * stay as they are (they are divided in their own precision); float16 becomes float32 and integers
 * float64, both exactly. NaN or infinity is an error naming the count and the first index; magnitudes
 * beyond 1e30 give a warning (a file read with the wrong dtype or offset looks like that).
 */
final class FloatInput {
    private FloatInput() {}

    static Tensor read(Path file, String rawShape, Consumer<String> warn) {
        Tensor tensor = TensorFiles.read(file, rawShape == null ? null : shape(rawShape));
        Tensor data = switch (tensor.dtype()) {
            case FLOAT32, FLOAT64 -> tensor;
            case FLOAT16 -> tensor.toFloat32();
            default -> tensor.toFloat64();
        };
        TensorChecks.requireFinite(data, file.toString());
        TensorChecks.suspiciousMagnitude(data).ifPresent(message -> warn.accept(file + ": " + message));
        return data;
    }

    /**
     * Fails when {@code data} has no values to calibrate a range from, naming {@code file}; {@code remedy}
     * (or null) says what the command takes instead.
     */
    static void requireValues(Path file, Tensor data, String remedy) {
        if (data.size() == 0) {
            throw new QuantException(file + ": the tensor is empty (shape " + data.shape()
                    + "): nothing to calibrate a range from" + (remedy == null ? "" : "; " + remedy));
        }
    }

    /** {@code --shape}, parsed; an error names the option. */
    private static Shape shape(String text) {
        try {
            return Shape.parse(text);
        } catch (UsageException e) {
            throw new UsageException("--shape: " + e.getMessage());
        }
    }

    /** The dtype dequantized values come back in by default: the input's own float type. */
    static DType floatTypeOf(Tensor data) {
        return data.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    }
}
