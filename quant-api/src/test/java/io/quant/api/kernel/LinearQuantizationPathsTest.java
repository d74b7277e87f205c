package io.quant.api.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant.api.QuantException;
import io.quant.api.tensor.CodeRange;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Rounding;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Every way {@link LinearQuantization} splits work (per tensor, per channel in long runs, per channel with
 * short runs, across threads, the general loops for int32 codes and far zero points) against the
 * definition computed element by element here.
 */
final class LinearQuantizationPathsTest {
    @Test
    void perChannelWithShortAndLongRunsMatchesTheDefinition() {
        Random random = new Random(3);
        Shape shape = Shape.of(37, 5, 3, 20);
        for (int axis = 0; axis < shape.rank(); axis++) { // inner strides 300 (long runs), 60, 20 and 1 (short runs)
            for (CodeRange codes : new CodeRange[] {CodeRange.of(8, false, false), CodeRange.of(8, true, true),
                    CodeRange.of(4, true, false), CodeRange.of(16, false, false)}) {
                for (Rounding rounding : Rounding.values()) {
                    QuantParams params = perChannel(random, axis, shape.dim(axis), codes, rounding);
                    Tensor x32 = Tensor.ofFloat32(shape, floats(random, shape.size(), 3f));
                    assertThat(LinearQuantization.quantize(x32, params)).isEqualTo(definition(x32, params));
                    Tensor x64 = x32.toFloat64();
                    assertThat(LinearQuantization.quantize(x64, params)).isEqualTo(definition(x64, params));
                }
            }
        }
    }

    @Test
    void largeTensorsSplitAcrossThreadsGiveTheSameCodes() throws Exception {
        Random random = new Random(5);
        int rows = 1031;
        int columns = 1031; // 1,062,961 elements: above the parallel threshold, ranges not aligned to rows
        assertThat(rows * columns).isGreaterThan(LinearQuantization.PARALLEL_THRESHOLD);
        Tensor x = Tensor.ofFloat32(Shape.of(rows, columns), floats(random, rows * columns, 2f));
        QuantParams perTensor = QuantParams.builder().scheme("explicit").bits(8).codes(CodeRange.of(8, false, false))
                .perTensor(4.0 / 255, 128).build();
        Tensor expected = definition(x, perTensor);
        assertThat(LinearQuantization.quantize(x, perTensor)).isEqualTo(expected);
        // one thread: the same codes
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            assertThat(single.submit(() -> LinearQuantization.quantize(x, perTensor)).get()).isEqualTo(expected);
        } finally {
            single.shutdown();
        }
        for (int axis = 0; axis < 2; axis++) {
            QuantParams params = perChannel(random, axis, columns, CodeRange.of(8, true, false), Rounding.HALF_EVEN);
            assertThat(LinearQuantization.quantize(x, params)).isEqualTo(definition(x, params));
            Tensor codes = LinearQuantization.quantize(x, params);
            assertThat(LinearQuantization.dequantize(codes, params, DType.FLOAT32))
                    .isEqualTo(dequantizeDefinition(codes, params));
        }
    }

    @Test
    void int32CodesAndFarZeroPointsTakeTheGeneralLoops() {
        // int32 codes (a bias at scale sa * sb): 2.5e9 / 1 saturates at 2^31 - 1; 0.5 ties to 0, 1.5 to 2
        QuantParams bias = QuantParams.builder().scheme("explicit").bits(32).codes(CodeRange.full(DType.INT32))
                .perTensor(1, 0).build();
        Tensor codes = LinearQuantization.quantize(Tensor.ofFloat64(Shape.of(5), 2.5e9, -2.5e9, 0.5, 1.5, -7.0), bias);
        assertThat(codes).isEqualTo(Tensor.ofInt32(Shape.of(5), Integer.MAX_VALUE, Integer.MIN_VALUE, 0, 2, -7));
        assertThat(LinearQuantization.dequantize(codes, bias, DType.FLOAT64).doubles())
                .containsExactly(2147483647.0, -2147483648.0, 0.0, 2.0, -7.0);
        // zero point 10,000,000 on int16 codes: every code saturates at 32767 unless x / scale < -9,967,233
        QuantParams far = QuantParams.builder().scheme("explicit").bits(16).codes(CodeRange.of(16, true, false))
                .perTensor(1, 10_000_000).build();
        Tensor farCodes = LinearQuantization.quantize(Tensor.vector(0f, -9_990_000f, -1e9f), far);
        assertThat(farCodes).isEqualTo(Tensor.ofInts(DType.INT16, Shape.of(3), 32767, 10_000, -32768));
        assertThat(LinearQuantization.dequantize(farCodes, far, DType.FLOAT64).doubles())
                .containsExactly(-9_967_233.0, -9_990_000.0, -10_032_768.0);
    }

    @Test
    void quantizeIntoOverwritesAReusedBuffer() {
        QuantParams params = QuantParams.builder().scheme("explicit").bits(8).codes(CodeRange.of(8, false, false))
                .perTensor(2, 128).build();
        Tensor out = Tensor.ofInts(DType.UINT8, Shape.of(3), 7, 7, 7);
        LinearQuantization.quantizeInto(Tensor.vector(0, 3, -1000), params, out);
        assertThat(out).isEqualTo(Tensor.ofInts(DType.UINT8, Shape.of(3), 128, 130, 0));
        Tensor back = Tensor.ofFloat32(Shape.of(3), 9, 9, 9);
        LinearQuantization.dequantizeInto(out, params, back);
        assertThat(back.floats()).containsExactly(0f, 4f, -256f);
        assertThatThrownBy(() -> LinearQuantization.quantizeInto(Tensor.vector(0, 3), params, out))
                .isInstanceOf(QuantException.class)
                .hasMessage("output tensor is uint8(3,) but must be uint8(2,)");
        assertThatThrownBy(() -> LinearQuantization.dequantizeInto(out, params, Tensor.ofInt32(Shape.of(3), 0, 0, 0)))
                .isInstanceOf(QuantException.class)
                .hasMessage("dequantize writes float32 or float64, not int32");
    }

    @Test
    void dequantizesPerChannelWithShortRuns() {
        // axis 1 of (2, 3): one scale per column, runs of one element
        QuantParams params = QuantParams.builder().scheme("explicit").bits(8).codes(CodeRange.of(8, false, false))
                .perChannel(1, new double[] {0.5, 2, 0.25}, new int[] {10, 0, 200}).build();
        Tensor codes = Tensor.ofInts(DType.UINT8, Shape.of(2, 3), 10, 3, 255, 0, 255, 200);
        assertThat(LinearQuantization.dequantize(codes, params, DType.FLOAT32).floats())
                .containsExactly(0f, 6f, 13.75f, -5f, 510f, 0f);
        assertThat(LinearQuantization.dequantize(codes, params, DType.FLOAT64).doubles())
                .containsExactly(0.0, 6.0, 13.75, -5.0, 510.0, 0.0);
    }

    @Test
    void runsOnTheScalarLoopsWithoutTheVectorModule() throws Exception {
        // a JVM without --add-modules jdk.incubator.vector: the class must still link and quantize. The vector
        // kernels are asked for from the first call, so "scalar" means they could not be had; the child also
        // reports whether the module is in its boot layer.
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + WarmedKernels.PROPERTY + "=vector", "-cp", System.getProperty("java.class.path"),
                WithoutVectorModuleMain.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(output).isZero();
        // the ONNX QuantizeLinear example: x / 2 + 128, saturating
        assertThat(output).isEqualTo("module absent, scalar uint8(6,) [128, 129, 130, 255, 1, 0]");
    }

    private static QuantParams perChannel(Random random, int axis, int channels, CodeRange codes, Rounding rounding) {
        double[] scales = new double[channels];
        int[] zeroPoints = new int[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = c % 2 == 0 ? Math.scalb(1.0, -random.nextInt(6)) : 0.01 + random.nextDouble() * 0.1;
            zeroPoints[c] = codes.qmin() + random.nextInt((int) codes.span() + 1);
        }
        return QuantParams.builder().scheme("explicit").bits(16).codes(codes).rounding(rounding)
                .perChannel(axis, scales, zeroPoints).build();
    }

    /** Gaussian values with an exact tie (k + 0.5) / 2^m every fourth element. */
    private static float[] floats(Random random, int n, float sigma) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 4 == 0 ? (random.nextInt(200) - 100 + 0.5f) / (1 << random.nextInt(6))
                    : (float) (random.nextGaussian() * sigma);
        }
        return x;
    }

    /** Element by element, channel {@code (i / stride(axis)) % dim(axis)}, in float64 after the division. */
    private static Tensor definition(Tensor x, QuantParams params) {
        int n = x.size();
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            int c = channel(x.shape(), params, i);
            double v = x.dtype() == DType.FLOAT32 ? x.floats()[i] / (float) params.scale(c) : x.doubles()[i] / params.scale(c);
            double r = (params.rounding() == Rounding.HALF_EVEN ? Math.rint(v) : Rounding.halfAway(v)) + params.zeroPoint(c);
            codes[i] = (int) Math.min(Math.max(r, params.qmin()), params.qmax());
        }
        return Tensor.ofInts(params.dtype(), x.shape(), codes);
    }

    /** To float32, element by element. */
    private static Tensor dequantizeDefinition(Tensor codes, QuantParams params) {
        float[] out = new float[codes.size()];
        for (int i = 0; i < out.length; i++) {
            int c = channel(codes.shape(), params, i);
            out[i] = (float) (codes.getLong(i) - params.zeroPoint(c)) * (float) params.scale(c);
        }
        return Tensor.ofFloat32(codes.shape(), out);
    }

    private static int channel(Shape shape, QuantParams params, int i) {
        if (!params.perChannel()) {
            return 0;
        }
        int axis = params.axis().getAsInt();
        return (i / shape.stride(axis)) % shape.dim(axis);
    }
}
