package io.quant.ops;

import static io.quant.ops.OpRunner.f32;
import static io.quant.ops.OpRunner.f64;
import static io.quant.ops.OpRunner.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quant.api.UsageException;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sigmoid, softmax, matmul and add: the float ops of a pipeline's reference run; values from numpy. */
final class FloatOpsTest {
    @Test
    void sigmoid() {
        Tensor y = run(new SigmoidOp(), Map.of("x", f64(0, 1, -1, 40, -40, -700, 700, 0.5)));
        double[] expected = {0.5, 0.7310585786300049, 0.2689414213699951, 1.0, 4.248354255291589e-18,
                9.85967654375977e-305, 1.0, 0.6224593312018546};
        for (int i = 0; i < expected.length; i++) {
            assertThat(y.doubles()[i]).isCloseTo(expected[i], within(Math.ulp(expected[i]) * 2));
        }
        assertThat(run(new SigmoidOp(), Map.of("x", f32(0, 1, -1, -700, Float.NaN))))
                .isEqualTo(f32(0.5f, 0.7310586f, 0.26894143f, 0f, Float.NaN));
    }

    @Test
    void softmaxIsStable() {
        Tensor x = Tensor.ofFloat64(Shape.of(2, 3), 1, 2, 3, 1000, 1000, 1000);
        double[] y = run(new SoftmaxOp(), Map.of("x", x)).doubles();
        double[] expected = {0.09003057317038046, 0.24472847105479764, 0.6652409557748218, 1 / 3.0, 1 / 3.0, 1 / 3.0};
        for (int i = 0; i < expected.length; i++) {
            assertThat(y[i]).isCloseTo(expected[i], within(1e-16));
        }
        Tensor columns = run(new SoftmaxOp(), Map.of("axis", 0),
                Map.of("x", Tensor.ofFloat32(Shape.of(2, 3), 1, 2, 3, 3, 2, 1)));
        assertThat(columns).isEqualTo(Tensor.ofFloat32(Shape.of(2, 3),
                0.11920291930437088f, 0.5f, 0.8807970881462097f, 0.8807970881462097f, 0.5f, 0.11920291930437088f));
        assertThatThrownBy(() -> run(new SoftmaxOp(), Map.of("axis", 2), Map.of("x", x)))
                .isInstanceOf(UsageException.class)
                .hasMessage("softmax: axis 2 is out of range for x of shape (2, 3) (rank 2)");
    }

    @Test
    void matmulSumsEachResultInKOrderInFloat64ThenRoundsOnce() {
        // 1e16 + 1 rounds back to 1e16 in float64: in k order the 1 is lost, so the result is 0, not 1
        Tensor a = Tensor.ofFloat64(Shape.of(1, 3), 1e16, 1, -1e16);
        Tensor b = Tensor.ofFloat64(Shape.of(3, 1), 1, 1, 1);
        assertThat(run(new MatMulOp(), Map.of("a", a, "b", b))).isEqualTo(Tensor.ofFloat64(Shape.of(1, 1), 0));
        // five columns: four in the 4-wide block, one in the tail; column j is j + 1 in every row, so k order
        // sums (j + 1)e16, then + (j + 1), then - (j + 1)e16. The middle sum rounds to float64's spacing there
        // (2 below 2^54 = 1.8e16, 4 below 2^55 = 3.6e16, 8 above), ties to even (1e16 / 2, 2e16 / 4, 3e16 / 4,
        // 4e16 / 8 and 5e16 / 8 are all even): 1e16 + 1 -> 1e16, 2e16 + 2 -> 2e16, 3e16 + 3 -> 3e16 + 4,
        // 4e16 + 4 -> 4e16, 5e16 + 5 -> 5e16 + 8; so [0, 0, 4, 0, 8] where the exact sums are [1, 2, 3, 4, 5]
        Tensor scaled = Tensor.ofFloat64(Shape.of(3, 5), 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5);
        assertThat(run(new MatMulOp(), Map.of("a", a, "b", scaled)))
                .isEqualTo(Tensor.ofFloat64(Shape.of(1, 5), 0, 0, 4, 0, 8));
        // float32 operands: the sum 1/3 + 1/3 in float64, rounded to float32 once
        Tensor third = Tensor.ofFloat32(Shape.of(1, 2), 1 / 3f, 1 / 3f);
        assertThat(run(new MatMulOp(), Map.of("a", third, "b", Tensor.ofFloat32(Shape.of(2, 1), 1, 1))))
                .isEqualTo(Tensor.ofFloat32(Shape.of(1, 1), (float) (2 * (double) (1 / 3f))));
    }

    @Test
    void largeMatmulSplitAcrossThreadsEqualsDotProductsInKOrder() {
        // 300 x 64 x 70: above the parallel threshold; each result against a plain dot product in float64
        int m = 300;
        int k = 64;
        int n = 70;
        java.util.Random random = new java.util.Random(7);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += (double) a[i * k + t] * b[t * n + j];
                }
                expected[i * n + j] = (float) sum;
            }
        }
        Tensor y = run(new MatMulOp(), Map.of("a", Tensor.ofFloat32(Shape.of(m, k), a), "b", Tensor.ofFloat32(Shape.of(k, n), b)));
        assertThat(y).isEqualTo(Tensor.ofFloat32(Shape.of(m, n), expected));
    }

    @Test
    void matmulBroadcastsAsNumpy() {
        Tensor a = Tensor.ofFloat32(Shape.of(2, 2), 1, 2, 3, 4);
        Tensor b = Tensor.ofFloat32(Shape.of(2, 2), 5, 6, 7, 8);
        assertThat(run(new MatMulOp(), Map.of("a", a, "b", b))).isEqualTo(Tensor.ofFloat32(Shape.of(2, 2), 19, 22, 43, 50));
        // (2, 1, 2) @ (2, 2): each batch is one row; float64 b makes the result float64
        Tensor batched = Tensor.ofFloat32(Shape.of(2, 1, 2), 1, 0, 0, 1);
        assertThat(run(new MatMulOp(), Map.of("a", batched, "b", Tensor.ofFloat64(Shape.of(2, 2), 5, 6, 7, 8))))
                .isEqualTo(Tensor.ofFloat64(Shape.of(2, 1, 2), 5, 6, 7, 8));
        assertThat(run(new MatMulOp(), Map.of("a", f32(1, 2), "b", f32(3, 4)))).isEqualTo(Tensor.ofFloat32(Shape.scalar(), 11));
        assertThatThrownBy(() -> run(new MatMulOp(), Map.of("a", a, "b", f32(1, 2, 3))))
                .isInstanceOf(UsageException.class)
                .hasMessage("matmul: a has shape (2, 2) but b has shape (3,): inner dimensions 2 and 3 differ");
    }

    @Test
    void addBroadcastsAsNumpy() {
        Tensor a = Tensor.ofFloat32(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        assertThat(run(new AddOp(), Map.of("a", a, "b", f32(10, 20, 30))))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 3), 11, 22, 33, 14, 25, 36));
        // (2, 1) + (3,) is the outer sum (2, 3)
        assertThat(run(new AddOp(), Map.of("a", Tensor.ofFloat64(Shape.of(2, 1), 1, 2), "b", f32(10, 20, 30))))
                .isEqualTo(Tensor.ofFloat64(Shape.of(2, 3), 11, 21, 31, 12, 22, 32));
        assertThat(run(new AddOp(), Map.of("a", a, "b", Tensor.ofFloat32(Shape.scalar(), 1))).dtype()).isEqualTo(DType.FLOAT32);
        // each row of the last axis: b stretched along it, both stretched, a middle axis stretched, rank 0, empty
        assertThat(run(new AddOp(), Map.of("a", a, "b", Tensor.ofFloat32(Shape.of(2, 1), 10, 20))))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 3), 11, 12, 13, 24, 25, 26));
        assertThat(run(new AddOp(), Map.of("a", Tensor.ofFloat32(Shape.of(2, 1), 1, 2), "b", Tensor.ofFloat32(Shape.of(1, 1), 10))))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 1), 11, 12));
        assertThat(run(new AddOp(), Map.of("a", Tensor.ofFloat32(Shape.of(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8),
                "b", Tensor.ofFloat32(Shape.of(2, 1, 2), 10, 20, 30, 40))))
                .isEqualTo(Tensor.ofFloat32(Shape.of(2, 2, 2), 11, 22, 13, 24, 35, 46, 37, 48));
        assertThat(run(new AddOp(), Map.of("a", Tensor.ofFloat64(Shape.scalar(), 1.5), "b", Tensor.ofFloat64(Shape.scalar(), 2))))
                .isEqualTo(Tensor.ofFloat64(Shape.scalar(), 3.5));
        assertThat(run(new AddOp(), Map.of("a", Tensor.ofFloat32(Shape.of(0, 3)), "b", f32(1, 2, 3))))
                .isEqualTo(Tensor.ofFloat32(Shape.of(0, 3)));
        assertThatThrownBy(() -> run(new AddOp(), Map.of("a", a, "b", f32(1, 2))))
                .isInstanceOf(UsageException.class)
                .hasMessage("add: a has shape (2, 3) but b has shape (2,): dimensions 3 and 2 do not broadcast");
    }
}
