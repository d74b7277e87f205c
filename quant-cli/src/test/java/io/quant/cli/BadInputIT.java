package io.quant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import io.quant.core.io.TensorFiles;
import io.quant.core.json.ParamsJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per row of docs/errors.md, through the built jar: the exit status, the message word for word on
 * one line of stderr (no stack trace), nothing on stdout, and the outputs left alone: {@code out/} holds an
 * earlier {@code codes.npy} that each failing run names as {@code -o} (and {@code out/params.json} as
 * {@code --params-out}); afterwards it holds that file alone, byte for byte.
 *
 * <p>The bad files are written here byte by byte; the numbers in the messages are worked out from how
 * they are built (a version 1.0 header of 118 bytes after the 10-byte preamble, as numpy pads it to 64).
 */
final class BadInputIT {
    /** What every failing run must leave in out/codes.npy. */
    private static final byte[] EARLIER = "an earlier output, which a failed run leaves alone\n".getBytes(StandardCharsets.UTF_8);
    private static final String HEADER_F4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }";
    private static final float[] FOUR = {1.5f, -2f, 0f, 3.25f};
    /** The first line of the pipelines: a tensor x, inline. */
    private static final String X_TENSOR = "{\"tensors\": {\"x\": {\"dtype\": \"float32\", \"data\": [1, -2]}},";
    /** A second line that would write out/codes.npy. */
    private static final String RELU_STEP = " \"steps\": [{\"name\": \"codes\", \"op\": \"relu\", \"inputs\": {\"x\": \"x\"}}],"
            + " \"outputs\": [\"codes\"]}";
    private static final String GOOD_PARAMS = "{\"scheme\": \"affine\", \"bits\": 8, \"signed\": false, \"qmin\": 0, "
            + "\"qmax\": 255, \"dtype\": \"uint8\", \"scale\": 0.1, \"zero_point\": 20}";

    @TempDir
    Path dir;

    private Path out;

    @BeforeEach
    void earlierOutput() throws IOException {
        out = Files.createDirectories(dir.resolve("out"));
        Files.write(out.resolve("codes.npy"), EARLIER);
        write("x.npy", npy(HEADER_F4, floats(FOUR)));
    }

    // ---- .npy

    @Test
    void npyWithoutTheMagic() throws Exception {
        byte[] zip = new byte[64];
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, zip, 0, 4);
        write("zip.npy", zip);

        failsCleanly(quantize("zip.npy"), 1, "zip.npy: not a .npy file: it does not start with the magic \\x93NUMPY");
        failsCleanly(dequantize("zip.npy", "--scale", "0.5"), 1,
                "zip.npy: not a .npy file: it does not start with the magic \\x93NUMPY");
    }

    @Test
    void npyOfAnUnsupportedVersion() throws Exception {
        byte[] file = npy(HEADER_F4, floats(FOUR));
        file[6] = 9;
        write("v9.npy", file);

        failsCleanly(quantize("v9.npy"), 1, "v9.npy: unsupported .npy format version 9.0 (quant reads 1.0, 2.0 and 3.0)");
    }

    @Test
    void npyWithATruncatedHeader() throws Exception {
        byte[] file = npy(HEADER_F4, floats(FOUR));
        write("short.npy", Arrays.copyOf(file, 40));
        write("stub.npy", Arrays.copyOf(file, 8));

        failsCleanly(quantize("short.npy"), 1, "short.npy: truncated header: the preamble says the header has 118 bytes,"
                + " the file has 30 after the preamble");
        failsCleanly(quantize("stub.npy"), 1, "stub.npy: truncated header: the file has 8 bytes, a .npy preamble needs 10");
    }

    @Test
    void npyWithTruncatedData() throws Exception {
        byte[] file = npy(HEADER_F4, floats(FOUR));
        write("cut.npy", Arrays.copyOf(file, file.length - 6));

        failsCleanly(quantize("cut.npy"), 1, "cut.npy: truncated data: header says (4,) float32 = 16 bytes, file has 10"
                + " after the header");
    }

    @Test
    void npyWhoseShapeOverflows() throws Exception {
        // 2^32 * 2^32 * 4 elements of 8 bytes: 2^69 bytes
        write("huge.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4), }", new byte[0]));

        failsCleanly(quantize("huge.npy"), 1, "huge.npy: shape (4294967296, 4294967296, 4) overflows: its float64 data"
                + " would need more than 2^63 bytes");
    }

    @Test
    void npyWhoseShapeExceedsTheFileIsRefusedBeforeAnythingIsAllocated() throws Exception {
        // 10^8 float32 = 400 MB claimed by a 144-byte file, read by a JVM with a 16 MB heap: refused, not attempted
        write("big.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000,), }", floats(FOUR)));

        QuantProcess quant = QuantProcess.run(dir, Map.of("JDK_JAVA_OPTIONS", "-Xmx16m"),
                "quantize", "big.npy", "-o", "out/codes.npy", "--params-out", "out/params.json");

        failsCleanly(quant, withoutLauncherNote(quant.err), 1, "big.npy: truncated data: header says (100000000,) float32 = 400000000"
                + " bytes, file has 16 after the header");
    }

    @Test
    void npyLargerThanTheHeapIsRefusedBeforeItIsRead() throws Exception {
        // 10^7 float32 = 40 MB of real data, for a JVM with a 16 MB heap: a message naming the file, not an OOM
        write("large.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (10000000,), }", new byte[40_000_000]));

        QuantProcess quant = QuantProcess.run(dir, Map.of("JDK_JAVA_OPTIONS", "-Xmx16m"),
                "quantize", "large.npy", "-o", "out/codes.npy", "--params-out", "out/params.json");

        assertThat(quant.exitCode).as("%s", quant).isEqualTo(1);
        // the heap's exact size is the JVM's to choose
        assertThat(withoutLauncherNote(quant.err)).matches("quant: large\\.npy: header says \\(10000000,\\) float32 ="
                + " 40000000 bytes, more than the Java heap holds \\(\\d+ bytes\\): give Java more with QUANT_JAVA_OPTS=-Xmx<size>");
        assertOutputsUntouched();
    }

    @Test
    void npyWithANegativeDimension() throws Exception {
        write("neg.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 4), }", floats(FOUR)));

        failsCleanly(quantize("neg.npy"), 1, "neg.npy: bad .npy header: negative dimension -1 in shape (-1, 4)");
    }

    @Test
    void npyWithANonIntegerDimension() throws Exception {
        write("float.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0, 2), }", floats(FOUR)));

        failsCleanly(quantize("float.npy"), 1, "float.npy: bad .npy header: dimension 2.0 in shape (2.0, 2) is not an integer");
    }

    @Test
    void npyOfPickledObjectsIsNeverUnpickled() throws Exception {
        // pickle protocol 4 of None: it would be harmless, but quant refuses every object array unread
        write("pickle.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[] {(byte) 0x80, 4, 'N', '.'}));

        failsCleanly(quantize("pickle.npy"), 1, "pickle.npy: dtype '|O' holds pickled Python objects, which quant never"
                + " loads: save a numeric array");
    }

    @Test
    void npyOfAnUnknownDtype() throws Exception {
        write("odd.npy", npy("{'descr': '<q7', 'fortran_order': False, 'shape': (4,), }", floats(FOUR)));

        failsCleanly(quantize("odd.npy"), 1, "odd.npy: unsupported dtype '<q7': quant reads bool, int8..int64,"
                + " uint8..uint64, float16, float32 and float64");
    }

    @Test
    void npyInFortranOrderIsReadTransposedIntoCOrder() throws Exception {
        // [[1, 2, 3], [4, 5, 6]] stored column by column, as numpy.asfortranarray saves it
        write("fortran.npy", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", floats(1, 4, 2, 5, 3, 6)));

        QuantProcess quant = QuantProcess.run(dir, "quantize", "fortran.npy", "-o", "out/codes.npy",
                "--scale", "1", "--zero-point", "0");

        assertThat(quant.exitCode).as("%s", quant).isZero();
        assertThat(quant.err).isEmpty();
        // scale 1, zero point 0: the codes are the values, in C order
        assertThat(TensorFiles.read(out.resolve("codes.npy"), null))
                .isEqualTo(Tensor.ofInts(DType.UINT8, Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
    }

    // ---- raw float32 .bin

    @Test
    void rawFileWhoseSizeIsNotAMultipleOfFour() throws Exception {
        write("ten.bin", new byte[10]);

        failsCleanly(quantize("ten.bin"), 1, "ten.bin: 10 bytes is not a whole number of float32 values (a multiple of 4)");
    }

    @Test
    void rawFileThatDoesNotMatchTheShape() throws Exception {
        write("four.bin", floats(FOUR));

        failsCleanly(quantize("four.bin", "--shape", "3,2"), 1,
                "four.bin: 16 bytes hold 4 float32 values, but shape (3, 2) needs 6 (24 bytes)");
    }

    // ---- params JSON (--params)

    @Test
    void paramsThatAreNotJson() throws Exception {
        write("bad.json", "{\"scheme\": \"affine\",\n \"bits\": 8,,\n}");

        failsCleanly(quantize("x.npy", "--params", "bad.json"), 1,
                "bad.json:2:12: unexpected character ',': was expecting double-quote to start property name");
    }

    @Test
    void paramsNestedDeeplyAreRefusedWithoutExhaustingTheStack() throws Exception {
        write("deep.json", "{\"range\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}");

        // {"range": [[[ : the third '[', at column 13, is where the first number of the first pair should be
        failsCleanly(quantize("x.npy", "--params", "deep.json"), 1,
                "deep.json:1:13: 'range[0][0]' must be a number, got an array");
    }

    @Test
    void paramsWithHugeNumbers() throws Exception {
        String infinite = GOOD_PARAMS.replace("0.1", "1e400");
        write("huge.json", infinite);
        write("long.json", GOOD_PARAMS.replace("0.1", "0." + "1".repeat(200)));

        failsCleanly(quantize("x.npy", "--params", "huge.json"), 1,
                "huge.json:1:" + valueColumn(infinite, "scale") + ": 'scale' must be positive and finite, got 1e400");
        // Jackson reads the whole 202-character literal, then refuses it: the column just past it
        failsCleanly(quantize("x.npy", "--params", "long.json"), 1,
                "long.json:1:" + (valueColumn(GOOD_PARAMS, "scale") + 202) + ": number longer than 100 characters");
    }

    @Test
    void paramsWithAnUnknownKey() throws Exception {
        String json = GOOD_PARAMS.replace("}", ", \"scal\": 0.2}");
        write("typo.json", json);

        failsCleanly(quantize("x.npy", "--params", "typo.json"), 1,
                "typo.json:1:" + column(json, "\"scal\"") + ": unknown key 'scal'. Did you mean 'scale'?");
    }

    @Test
    void paramsWithAValueOfTheWrongType() throws Exception {
        String json = GOOD_PARAMS.replace("\"bits\": 8", "\"bits\": \"8\"");
        write("type.json", json);

        failsCleanly(quantize("x.npy", "--params", "type.json"), 1,
                "type.json:1:" + valueColumn(json, "bits") + ": 'bits' must be an integer, got a string");
    }

    @Test
    void paramsWithANaNScale() throws Exception {
        String json = GOOD_PARAMS.replace("0.1", "NaN");
        write("nan.json", json);

        failsCleanly(quantize("x.npy", "--params", "nan.json"), 1,
                // Jackson places the error just past the token
                "nan.json:1:" + (valueColumn(json, "scale") + 3) + ": 'NaN' is not a JSON number: values must be finite");
    }

    @Test
    void paramsWithAZeroOrNegativeScale() throws Exception {
        String zero = GOOD_PARAMS.replace("0.1", "0");
        String negative = GOOD_PARAMS.replace("0.1", "-0.5");
        write("zero.json", zero);
        write("negative.json", negative);

        failsCleanly(quantize("x.npy", "--params", "zero.json"), 1,
                "zero.json:1:" + valueColumn(zero, "scale") + ": 'scale' must be positive and finite, got 0");
        failsCleanly(dequantize("x.npy", "--params", "negative.json"), 1,
                "negative.json:1:" + valueColumn(negative, "scale") + ": 'scale' must be positive and finite, got -0.5");
    }

    @Test
    void paramsWithAZeroPointOutsideInt32() throws Exception {
        String json = GOOD_PARAMS.replace("\"zero_point\": 20", "\"zero_point\": 4294967296");
        write("zp.json", json);

        failsCleanly(quantize("x.npy", "--params", "zp.json"), 1, "zp.json:1:" + valueColumn(json, "zero_point")
                + ": 'zero_point' is 4294967296, outside what int32 holds [-2147483648, 2147483647]");
    }

    @Test
    void paramsWithAZeroPointOutsideTheCodesAreSeed001sNoIncludeZeroCase() throws Exception {
        // X in [10, 50] on uint8 without widening to 0: scale 40/255, zero point round(0 - 10 / scale) = -64
        write("seed001.json", GOOD_PARAMS.replace("0.1", Double.toString(40.0 / 255)).replace("20}", "-64}"));
        write("x50.npy", npy(HEADER_F4, floats(10, 25, 30, 50)));

        QuantProcess quant = QuantProcess.run(dir, "quantize", "x50.npy", "-o", "out/codes.npy", "--params", "seed001.json");

        assertThat(quant.exitCode).as("%s", quant).isZero();
        // round(x / (40/255)) - 64: 63.75 -> 64 -> 0; 159.375 -> 159 -> 95; 191.25 -> 191 -> 127; 318.75 -> 319 -> 255
        assertThat(TensorFiles.read(out.resolve("codes.npy"), null)).isEqualTo(Tensor.ofInts(DType.UINT8, Shape.of(4), 0, 95, 127, 255));
    }

    // ---- pipeline JSON (quant run): a mistake in the file is a usage error (exit 2) at its line and column

    @Test
    void aGoodPipelineDoesReplaceTheEarlierOutput() throws Exception {
        // the control for the tests below: the same pipeline without the mistake writes out/codes.npy
        QuantProcess quant = run("good.json", X_TENSOR + "\n" + RELU_STEP);

        assertThat(quant.exitCode).as("%s", quant).isZero();
        assertThat(TensorFiles.read(out.resolve("codes.npy"), null)).isEqualTo(Tensor.ofFloat32(Shape.of(2), 1, 0));
    }

    @Test
    void pipelineThatIsNotJson() throws Exception {
        String second = " \"steps\": [{\"name\": \"codes\" \"op\": \"relu\"}]}";

        failsCleanly(run("bad.json", X_TENSOR + "\n" + second), 2, "bad.json:2:" + column(second, "\"op\"")
                + ": unexpected character '\"': was expecting comma to separate Object entries");
    }

    @Test
    void pipelineNestedDeeplyIsRefusedWithoutExhaustingTheStack() throws Exception {
        String head = "{\"steps\": ";

        // '{' is level 1, so the 64th '[' opens level 65: the error is just past it
        failsCleanly(run("deep.json", head + "[".repeat(10_000) + "]".repeat(10_000) + "}"), 2,
                "deep.json:1:" + (head.length() + 64 + 1) + ": nesting deeper than 64 levels");
    }

    @Test
    void pipelineWithNumbersTheDtypeCannotHold() throws Exception {
        String huge = "{\"tensors\": {\"x\": {\"dtype\": \"float32\", \"data\": [1e400, 2]}},";
        String wide = "{\"tensors\": {\"x\": {\"dtype\": \"int8\", \"data\": [300]}},";

        failsCleanly(run("huge.json", huge + "\n" + RELU_STEP), 2,
                "huge.json:1:" + column(huge, "1e400") + ": tensor 'x': 1e400 is beyond the range of float32");
        failsCleanly(run("wide.json", wide + "\n" + RELU_STEP), 2,
                "wide.json:1:" + column(wide, "300") + ": tensor 'x': 300 does not fit int8 [-128, 127]");
    }

    @Test
    void pipelineWithAnUnknownKey() throws Exception {
        failsCleanly(run("typo.json", X_TENSOR + "\n \"stesp\": []}"), 2, "typo.json:2:2: unknown key 'stesp'."
                + " Available: compare, description, name, outputs, reference, steps, tensors");
    }

    @Test
    void pipelineWithAValueOfTheWrongType() throws Exception {
        failsCleanly(run("type.json", X_TENSOR + "\n \"steps\": {}}"), 2, "type.json:2:11: 'steps' must be an array, got an object");
    }

    @Test
    void pipelineWithNaN() throws Exception {
        String first = "{\"tensors\": {\"x\": {\"dtype\": \"float32\", \"data\": [NaN]}},";

        failsCleanly(run("nan.json", first + "\n" + RELU_STEP), 2,
                "nan.json:1:" + (column(first, "NaN") + 3) + ": 'NaN' is not a JSON number: values must be finite");
    }

    @Test
    void pipelineNamingAnUnknownPlugin() throws Exception {
        String op = " \"steps\": [{\"name\": \"codes\", \"op\": \"rleu\", \"inputs\": {\"x\": \"x\"}}]}";
        String quantizer = " \"steps\": [{\"name\": \"p\", \"calibrate\": \"x\", \"quantizer\": \"afine\", \"outputs\": {\"scale\": \"codes\"}}]}";

        failsCleanly(run("op.json", X_TENSOR + "\n" + op), 2, "op.json:2:" + column(op, "\"rleu\"") + ": step 'codes':"
                + " unknown op 'rleu'. Available: add, bias-add, dequantize, int-matmul, matmul, quantize, quantize-bias,"
                + " relu, requantize, sigmoid, softmax");
        failsCleanly(run("quantizer.json", X_TENSOR + "\n" + quantizer), 2, "quantizer.json:2:" + column(quantizer, "\"afine\"")
                + ": step 'p' (calibrate): unknown quantizer 'afine'. Did you mean 'affine'? Available: affine,"
                + " restricted-range, symmetric");
    }

    @Test
    void aMissingPipelineFile() throws Exception {
        failsCleanly(QuantProcess.run(dir, "run", "missing.json", "-o", "out"), 1, "pipeline file missing.json does not exist");
    }

    // ---- data


    @Test
    void dataWithNaNOrInfinityGivesTheCountAndTheFirstIndex() throws Exception {
        write("nan.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                floats(1, 2, 3, 4, Float.NaN, Float.NEGATIVE_INFINITY)));

        failsCleanly(quantize("nan.npy"), 1, "nan.npy: 2 NaN/Inf values, the first at index 4 (position [1, 1])");
    }

    @Test
    void anEmptyTensorHasNothingToCalibrate() throws Exception {
        write("empty.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", new byte[0]));

        failsCleanly(quantize("empty.npy"), 1, "empty.npy: the tensor is empty (shape (0,)): nothing to calibrate a range"
                + " from; give --range, --params or --scale/--zero-point");
        failsCleanly(QuantProcess.run(dir, "eval", "empty.npy"), 1,
                "empty.npy: the tensor is empty (shape (0,)): nothing to calibrate a range from");
    }

    @Test
    void aConstantTensorQuantizesOnTheRangeWidenedToZero() throws Exception {
        write("twos.npy", npy(HEADER_F4, floats(2, 2, 2, 2)));

        QuantProcess quant = QuantProcess.run(dir, "quantize", "twos.npy", "-o", "out/codes.npy", "--params-out", "out/params.json");

        // range [2, 2] widened to [0, 2]: scale 2/255, zero point 0, and 2 is the top code
        assertThat(quant.exitCode).as("%s", quant).isZero();
        assertThat(quant.err).isEmpty();
        assertThat(TensorFiles.read(out.resolve("codes.npy"), null)).isEqualTo(Tensor.ofInts(DType.UINT8, Shape.of(4), 255, 255, 255, 255));
        assertThat(ParamsJson.read(out.resolve("params.json")).scale()).isEqualTo(2.0 / 255);
        assertThat(ParamsJson.read(out.resolve("params.json")).zeroPoint()).isZero();
    }

    // ---- options

    @Test
    void bitsOutsideWhatTheCodesAllow() throws Exception {
        failsCleanly(quantize("x.npy", "--bits", "17"), 2, "bits must be in 1..16, got 17");
        failsCleanly(quantize("x.npy", "--bits", "1", "--scheme", "symmetric"), 2, "bits must be in 2..16 for signed codes, got 1");
    }

    @Test
    void aShapeWithAnEmptyDimension() throws Exception {
        write("four.bin", floats(FOUR));

        // without the check, "2," and "2,x" would read as (2,) and fail on the file's size instead
        failsCleanly(quantize("four.bin", "--shape", "2,x"), 2, "--shape: bad shape '2,x': dimension 2 is empty");
        failsCleanly(quantize("four.bin", "--shape", "2,"), 2, "--shape: bad shape '2,': dimension 2 is empty");
        failsCleanly(QuantProcess.run(dir, "eval", "four.bin", "--shape", ",4"), 2, "--shape: bad shape ',4': dimension 1 is empty");
    }

    @Test
    void oneBitUnsignedCodesWork() throws Exception {
        QuantProcess quant = QuantProcess.run(dir, "quantize", "x.npy", "-o", "out/codes.npy", "--bits", "1");

        // [1.5, -2, 0, 3.25]: range [-2, 3.25], scale 5.25, zero point round(2 / 5.25) = 0; 3.25 / 5.25 -> 1
        assertThat(quant.exitCode).as("%s", quant).isZero();
        assertThat(TensorFiles.read(out.resolve("codes.npy"), null)).isEqualTo(Tensor.ofInts(DType.UINT8, Shape.of(4), 0, 0, 0, 1));
    }

    @Test
    void unknownPluginNamesSuggestTheClosest() throws Exception {
        failsCleanly(quantize("x.npy", "--scheme", "afine"), 2,
                "unknown quantizer 'afine'. Did you mean 'affine'? Available: affine, restricted-range, symmetric");
        failsCleanly(quantize("x.npy", "--calibrator", "minmx"), 2,
                "unknown calibrator 'minmx'. Did you mean 'minmax'? Available: minmax, percentile");
    }

    // ---- files

    @Test
    void aMissingInputFile() throws Exception {
        failsCleanly(quantize("missing.npy"), 1, "missing.npy: no such file");
        failsCleanly(quantize("x.npy", "--params", "missing.json"), 1, "missing.json: no such file");
    }

    @Test
    void anOutputDirectoryThatDoesNotExist() throws Exception {
        QuantProcess codes = QuantProcess.run(dir, "quantize", "x.npy", "-o", "nodir/codes.npy");
        // the codes could be written, the parameters could not: neither is
        QuantProcess params = QuantProcess.run(dir, "quantize", "x.npy", "-o", "out/codes.npy", "--params-out", "nodir/params.json");

        failsCleanly(codes, 1, "nodir/codes.npy: cannot write: directory " + dir.resolve("nodir") + " does not exist");
        failsCleanly(params, 1, "nodir/params.json: cannot write: directory " + dir.resolve("nodir") + " does not exist");
        assertThat(dir.resolve("nodir")).doesNotExist();
    }

    @Test
    void theCodesAndTheParamsInOneFile() throws Exception {
        QuantProcess quant = QuantProcess.run(dir, "quantize", "x.npy", "-o", "out/codes.npy", "--params-out", "out/./codes.npy");

        failsCleanly(quant, 2, "-o and --params-out both name out/codes.npy: give the parameters their own file");
    }

    // ---- helpers

    private QuantProcess quantize(String input, String... more) throws Exception {
        return QuantProcess.run(dir, concat(List.of("quantize", input, "-o", "out/codes.npy", "--params-out", "out/params.json"), more));
    }

    /** {@code quant run NAME -o out}: a pipeline whose output "codes" would replace out/codes.npy. */
    private QuantProcess run(String name, String json) throws Exception {
        write(name, json);
        return QuantProcess.run(dir, "run", name, "-o", "out");
    }

    private QuantProcess dequantize(String input, String... more) throws Exception {
        return QuantProcess.run(dir, concat(List.of("dequantize", input, "-o", "out/codes.npy"), more));
    }

    private static String[] concat(List<String> head, String... tail) {
        return Stream.concat(head.stream(), Stream.of(tail)).toArray(String[]::new);
    }

    /** The exit status, exactly {@code quant: <message>} on one line, nothing else, and out/ as it was. */
    private void failsCleanly(QuantProcess quant, int exitCode, String message) throws IOException {
        failsCleanly(quant, quant.err, exitCode, message);
    }

    private void failsCleanly(QuantProcess quant, String err, int exitCode, String message) throws IOException {
        assertThat(quant.exitCode).as("%s", quant).isEqualTo(exitCode);
        assertThat(err.lines()).as("stderr").containsExactly("quant: " + message);
        assertThat(err).as("stderr").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(quant.out).as("stdout").isEmpty();
        assertOutputsUntouched();
    }

    private void assertOutputsUntouched() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("files in out/").containsExactly("codes.npy");
        }
        assertThat(out.resolve("codes.npy")).as("the earlier output").hasBinaryContent(EARLIER);
    }

    /** Stderr without the launcher's "NOTE: Picked up JDK_JAVA_OPTIONS" line, which is not quant's. */
    private static String withoutLauncherNote(String err) {
        return String.join("\n", err.lines().filter(line -> !line.startsWith("NOTE: Picked up JDK_JAVA_OPTIONS")).toList());
    }

    /** The 1-based column at which {@code token} first occurs in one-line {@code json}. */
    private static int column(String json, String token) {
        int index = json.indexOf(token);
        assertThat(index).as("'%s' in %s", token, json).isNotNegative();
        return index + 1;
    }

    /** The 1-based column of the value of {@code key} in one-line {@code json} written as {@code "key": value}. */
    private static int valueColumn(String json, String key) {
        return column(json, "\"" + key + "\": ") + key.length() + 4;
    }

    private void write(String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** A version 1.0 .npy file: magic, version, header length, the dict padded with spaces and '\n' to 64 bytes. */
    private static byte[] npy(String dict, byte[] data) {
        int headerLength = dict.length() + 1;
        headerLength += 64 - (10 + headerLength) % 64;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) headerLength, (byte) (headerLength >> 8)});
        file.writeBytes((dict + " ".repeat(headerLength - dict.length() - 1) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        file.writeBytes(data);
        return file.toByteArray();
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }
}
