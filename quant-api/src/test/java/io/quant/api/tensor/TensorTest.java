package io.quant.api.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant.api.UsageException;
import org.junit.jupiter.api.Test;

final class TensorTest {
    @Test
    void aCopyHasTheSameValuesInAnArrayOfItsOwn() {
        short[] values = {1, -2, 300};
        Tensor original = Tensor.wrap(DType.INT16, Shape.of(3), values);
        Tensor copy = original.copy();
        values[0] = 7;
        assertThat(copy.dtype()).isEqualTo(DType.INT16);
        assertThat(copy.shape()).isEqualTo(Shape.of(3));
        assertThat(copy.shorts()).containsExactly(1, -2, 300);
        assertThat(original.shorts()).containsExactly(7, -2, 300);
    }

    @Test
    void comparesContentsNotArrayIdentity() {
        Tensor a = Tensor.ofFloat32(Shape.of(2), 1f, 2f);
        Tensor b = Tensor.ofFloat32(Shape.of(2), 1f, 2f);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Tensor.ofFloat32(Shape.of(2, 1), 1f, 2f));
        assertThat(a).isNotEqualTo(Tensor.ofFloat64(Shape.of(2), 1, 2));
    }

    @Test
    void widensUnsignedTypes() {
        Tensor u8 = Tensor.ofUint8(Shape.of(2), (byte) 0xFF, (byte) 0x80);
        assertThat(u8.getLong(0)).isEqualTo(255);
        assertThat(u8.getLong(1)).isEqualTo(128);
        assertThat(u8.toFloat64().doubles()).containsExactly(255.0, 128.0);
        Tensor u64 = Tensor.wrap(DType.UINT64, Shape.of(1), new long[] {-1L});
        assertThat(u64.getDouble(0)).isEqualTo(18446744073709551615.0);
    }

    @Test
    void checksStorageAndLength() {
        assertThatThrownBy(() -> Tensor.wrap(DType.FLOAT32, Shape.of(2), new double[2]))
                .hasMessage("float32 is held in float[], not double[]");
        assertThatThrownBy(() -> Tensor.wrap(DType.INT8, Shape.of(3), new byte[2]))
                .hasMessage("shape (3,) holds 3 elements but the array has 2");
    }

    @Test
    void findsTheFirstNonFiniteValue() {
        assertThat(Tensor.vector(1f, Float.NaN, Float.POSITIVE_INFINITY).firstNonFinite()).isEqualTo(1);
        assertThat(Tensor.vector(1f, 2f).firstNonFinite()).isEqualTo(-1);
        Tensor half = Tensor.wrap(DType.FLOAT16, Shape.of(2), new short[] {0x3C00, 0x7C00});
        assertThat(half.firstNonFinite()).isEqualTo(1);
    }

    @Test
    void shapeFollowsNumpy() {
        assertThat(Shape.of(2, 3).size()).isEqualTo(6);
        assertThat(Shape.scalar().size()).isEqualTo(1);
        assertThat(Shape.of(4, 0, 2).size()).isZero();
        assertThat(Shape.of(5)).hasToString("(5,)");
        assertThat(Shape.of(2, 3)).hasToString("(2, 3)");
        assertThat(Shape.of(2, 3, 4).stride(0)).isEqualTo(12);
        assertThat(Shape.of(2, 3, 4).dim(-1)).isEqualTo(4);
        assertThat(Shape.parse("2,3")).isEqualTo(Shape.of(2, 3));
        assertThatThrownBy(() -> Shape.of(2).normalizeAxis(1))
                .isInstanceOf(UsageException.class)
                .hasMessage("axis 1 is out of range for shape (2,) (rank 1)");
        assertThatThrownBy(() -> Shape.of(65536, 65536))
                .isInstanceOf(UsageException.class)
                .hasMessage("shape (65536, 65536) has more elements than a Java array holds");
    }

    @Test
    void shapeParsingRefusesAnEmptyDimension() {
        assertThat(Shape.parse("2x3")).isEqualTo(Shape.of(2, 3));
        assertThat(Shape.parse(" 4 ")).isEqualTo(Shape.of(4));
        // String.split would drop the trailing empty parts and read these as (2,)
        assertThatThrownBy(() -> Shape.parse("2,")).isInstanceOf(UsageException.class)
                .hasMessage("bad shape '2,': dimension 2 is empty");
        assertThatThrownBy(() -> Shape.parse("2x")).hasMessage("bad shape '2x': dimension 2 is empty");
        assertThatThrownBy(() -> Shape.parse("2,x")).hasMessage("bad shape '2,x': dimension 2 is empty");
        assertThatThrownBy(() -> Shape.parse(",2")).hasMessage("bad shape ',2': dimension 1 is empty");
        assertThatThrownBy(() -> Shape.parse("2,,3")).hasMessage("bad shape '2,,3': dimension 2 is empty");
        assertThatThrownBy(() -> Shape.parse("2, ,3")).hasMessage("bad shape '2, ,3': dimension 2 is empty");
        assertThatThrownBy(() -> Shape.parse("2,a")).hasMessage("bad shape '2,a': 'a' is not a dimension");
    }

    @Test
    void float16ConvertsExactly() {
        // IEEE binary16: 0x3C00 = 1, 0xC000 = -2, 0x7BFF = 65504, 0x0001 = 2^-24, 0x3555 ~ 1/3
        assertThat(Float16.toFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(Float16.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.fromFloat(1f / 3)).isEqualTo((short) 0x3555);
        assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7C00); // rounds up to infinity
        assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0); // tie to even: 0
        assertThat(Float16.fromFloat(3 * 0x1p-25f)).isEqualTo((short) 2); // 1.5 ulp ties to 2
        for (int bits = 0; bits < 0x7C00; bits++) {
            assertThat(Float16.fromFloat(Float16.toFloat((short) bits))).isEqualTo((short) bits);
        }
    }
}
