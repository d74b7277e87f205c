package io.quant.core.io;

import static io.quant.core.io.NpyFixtures.concat;
import static io.quant.core.io.NpyFixtures.floats;
import static io.quant.core.io.NpyFixtures.npy;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant.api.QuantException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted .npy input: every malformed file is one line naming the file and what is wrong. */
final class NpyErrorsTest {
    private static final String F4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";

    @TempDir
    Path dir;

    @Test
    void wrongMagic() throws IOException {
        Path file = file("x.npy", "PK\u0003\u0004 a zip, not an array".getBytes(StandardCharsets.ISO_8859_1));
        assertFails(file, file + ": not a .npy file: it does not start with the magic \\x93NUMPY");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = file("x.npy", new byte[0]);
        assertFails(file, file + ": truncated header: the file has 0 bytes, a .npy preamble needs 10");
    }

    @Test
    void truncatedPreamble() throws IOException {
        Path file = file("x.npy", Arrays.copyOf(npy(F4, new byte[8]), 8));
        assertFails(file, file + ": truncated header: the file has 8 bytes, a .npy preamble needs 10");
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] bytes = npy(F4, floats(ByteOrder.LITTLE_ENDIAN, 1, 2));
        bytes[6] = 4;
        Path file = file("x.npy", bytes);
        assertFails(file, file + ": unsupported .npy format version 4.0 (quant reads 1.0, 2.0 and 3.0)");
    }

    @Test
    void unsupportedMinorVersion() throws IOException {
        byte[] bytes = npy(F4, floats(ByteOrder.LITTLE_ENDIAN, 1, 2));
        bytes[7] = 1;
        Path file = file("x.npy", bytes);
        assertFails(file, file + ": unsupported .npy format version 1.1 (quant reads 1.0, 2.0 and 3.0)");
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        // the preamble promises 118 header bytes; the file stops after 40 of them
        Path file = file("x.npy", Arrays.copyOf(npy(F4, new byte[0]), 50));
        assertFails(file, file + ": truncated header: the preamble says the header has 118 bytes, the file has 40"
                + " after the preamble");
    }

    @Test
    void version2HeaderLengthBeyondTheFile() throws IOException {
        byte[] bytes = npy(2, F4, floats(ByteOrder.LITTLE_ENDIAN, 1, 2));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0xFFFF_FFF0); // 4294967280 bytes
        Path file = file("x.npy", bytes);
        assertFails(file, file + ": truncated header: the preamble says the header has 4294967280 bytes, the file has "
                + (bytes.length - 12) + " after the preamble");
    }

    @Test
    void truncatedData() throws IOException {
        // a (1000, 1000) float32 header followed by 1234 bytes
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }",
                new byte[1234]));
        assertFails(file, file + ": truncated data: header says (1000, 1000) float32 = 4000000 bytes, file has 1234"
                + " after the header");
    }

    @Test
    void trailingGarbage() throws IOException {
        Path file = file("x.npy", concat(npy(F4, floats(ByteOrder.LITTLE_ENDIAN, 1, 2)), new byte[] {1, 2, 3}));
        assertFails(file, file + ": 3 bytes of trailing data: header says (2,) float32 = 8 bytes, file has 11"
                + " after the header");
    }

    @Test
    void elementCountThatOverflows() throws IOException {
        // 2^32 * 2^32 elements do not fit in 64 bits
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                new byte[16]));
        assertFails(file, file + ": shape (4294967296, 4294967296) overflows: its float32 data would need more than"
                + " 2^63 bytes");
    }

    @Test
    void bytesThatOverflowButNotElements() throws IOException {
        // 2^61 elements fit in a long, 2^61 * 8 bytes do not
        Path file = file("x.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }",
                new byte[16]));
        assertFails(file, file + ": shape (2305843009213693952,) overflows: its float64 data would need more than"
                + " 2^63 bytes");
    }

    @Test
    void dimensionBeyondSixtyFourBits() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
                new byte[0]));
        assertFails(file, file + ": bad .npy header: dimension 99999999999999999999 in shape (99999999999999999999,)"
                + " is too large");
    }

    @Test
    void moreElementsThanAJavaArrayHoldsInAnEmptyArray() throws IOException {
        // (0, 3000000000) holds no data, but one axis is longer than any Java array
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3000000000), }",
                new byte[0]));
        assertFails(file, file + ": dimension 3000000000 of shape (0, 3000000000) is larger than quant supports"
                + " (2147483639)");
    }

    @Test
    void negativeDimension() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 4), }", new byte[0]));
        assertFails(file, file + ": bad .npy header: negative dimension -3 in shape (-3, 4)");
    }

    @Test
    void nonIntegerDimension() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5, 4), }", new byte[0]));
        assertFails(file, file + ": bad .npy header: dimension 2.5 in shape (2.5, 4) is not an integer");
    }

    @Test
    void shapeThatIsNotATuple() throws IOException {
        // (5) is 5 in parentheses, not a tuple: numpy refuses it too
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (5), }", new byte[20]));
        assertFails(file, file + ": bad .npy header: shape must be a tuple of integers, got 5");
    }

    @Test
    void unknownDtype() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<x4', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
        assertFails(file, file + ": unsupported dtype '<x4': quant reads bool, int8..int64, uint8..uint64, float16,"
                + " float32 and float64");
    }

    @Test
    void controlCharactersInAQuotedValueAreEscaped() throws IOException {
        // a line break (Python's \n in the header) and, raw, the ESC sequence that clears a terminal
        Path file = file("x.npy", npy("{'descr': '<x4\\n\u001B[2J', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
        assertFails(file, file + ": unsupported dtype '<x4\\u000A\\u001B[2J': quant reads bool, int8..int64,"
                + " uint8..uint64, float16, float32 and float64");
    }

    @Test
    void stringDtype() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<U5', 'fortran_order': False, 'shape': (2,), }", new byte[40]));
        assertFails(file, file + ": unsupported dtype '<U5': quant reads bool, int8..int64, uint8..uint64, float16,"
                + " float32 and float64");
    }

    @Test
    void objectDtype() throws IOException {
        Path file = file("x.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
                "\u0080\u0004K\u0001.".getBytes(StandardCharsets.ISO_8859_1)));
        assertFails(file, file + ": dtype '|O' holds pickled Python objects, which quant never loads: save a numeric"
                + " array");
    }

    @Test
    void voidDtype() throws IOException {
        Path file = file("x.npy", npy("{'descr': '|V8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        assertFails(file, file + ": void/structured dtype '|V8' is not supported: quant reads one plain numeric array"
                + " per file");
    }

    @Test
    void structuredDtype() throws IOException {
        Path file = file("x.npy", npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[4]));
        assertFails(file, file + ": structured dtype [('x', '<f4')] is not supported: quant reads one plain numeric"
                + " array per file");
    }

    @Test
    void missingKey() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'shape': (2,), }", new byte[8]));
        assertFails(file, file + ": bad .npy header: missing key 'fortran_order' in {'descr': '<f4', 'shape': (2,), }");
    }

    @Test
    void unexpectedKey() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", new byte[8]));
        assertFails(file, file + ": bad .npy header: unexpected key 'x' (numpy writes only 'descr', 'fortran_order'"
                + " and 'shape')");
    }

    @Test
    void duplicateKey() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
                new byte[8]));
        assertFails(file, file + ": bad .npy header: duplicate key 'descr' at character 17 of {'descr': '<f4',"
                + " 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}");
    }

    @Test
    void fortranOrderThatIsNotABool() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", new byte[8]));
        assertFails(file, file + ": bad .npy header: fortran_order must be True or False, got 0");
    }

    @Test
    void codeInTheHeader() throws IOException {
        // literal_eval would refuse a call; so do we, without evaluating anything
        Path file = file("x.npy", npy("{'descr': __import__('os').system('rm -rf /'), 'fortran_order': False,"
                + " 'shape': (2,), }", new byte[8]));
        assertFails(file, file + ": bad .npy header: unexpected name '__import__' (a header holds only literals) at"
                + " character 10 of {'descr': __import__('os').system('rm -rf /'), 'fortran_order': False, 'shape':"
                + " (2,), }");
    }

    @Test
    void unterminatedHeader() throws IOException {
        Path file = file("x.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,", new byte[8]));
        assertFails(file, file + ": bad .npy header: unexpected end of header, expected a value at character 54"
                + " of {'descr': '<f4', 'fortran_order': False, 'shape': (2,");
    }

    @Test
    void deeplyNestedHeader() throws IOException {
        Path file = file("x.npy", npy("{'descr': " + "[".repeat(5000) + "]".repeat(5000)
                + ", 'fortran_order': False, 'shape': (2,), }", new byte[8]));
        assertFails(file, file + ": bad .npy header: nesting deeper than 16 levels at character 25 of {'descr': "
                + "[".repeat(87) + "...");
    }

    @Test
    void headerThatIsNotUtf8InVersion3() throws IOException {
        byte[] bytes = npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                floats(ByteOrder.LITTLE_ENDIAN, 1, 2));
        bytes[12 + 60] = (byte) 0xFF; // in the padding
        Path file = file("x.npy", bytes);
        assertFails(file, file + ": bad .npy header: a version 3.0 header must be UTF-8 text");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("missing.npy");
        assertFails(file, file + ": no such file");
    }

    @Test
    void directory() {
        assertFails(dir, dir + ": is a directory, not a tensor file");
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertFails(Path file, String message) {
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(QuantException.class).hasMessage(message)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
