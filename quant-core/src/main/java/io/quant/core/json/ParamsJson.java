package io.quant.core.json;

import static java.util.Objects.requireNonNull;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.api.tensor.CodeRange;
import io.quant.api.tensor.DType;
import io.quant.api.tensor.QuantParams;
import io.quant.api.tensor.Rounding;
import io.quant.core.io.AtomicFiles;
import io.quant.core.io.IoWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.io.NumberOutput;

/**
 * The params file (CONVENTIONS.md, "Params file"): what {@code --params-out} writes and {@code --params}
 * reads.
 *
 * <pre>{@code
 * {"scheme": "affine", "bits": 8, "signed": false, "narrow_range": false, "qmin": 0, "qmax": 255,
 *  "dtype": "uint8", "axis": null, "scale": 0.7325264990067586, "zero_point": 61,
 *  "calibrator": "minmax", "range": [-44.95, 141.84]}
 * }</pre>
 *
 * Read with Jackson's streaming parser so that every problem, found while parsing or after, points at its
 * line and column: {@code p.json:3:14: unknown key 'scal'. Did you mean 'scale'?}. Doubles are written in
 * the shortest form that reads back as the same double.
 */
public final class ParamsJson {
    /** Every key, in the order {@link #toJson} writes them. */
    public static final List<String> KEYS = List.of("scheme", "bits", "signed", "narrow_range", "qmin", "qmax",
            "dtype", "axis", "scale", "zero_point", "rounding", "calibrator", "range");
    public static final List<String> REQUIRED = List.of("scheme", "bits", "signed", "qmin", "qmax", "dtype",
            "scale", "zero_point");

    private static final Set<DType> CODE_DTYPES = EnumSet.of(DType.INT8, DType.UINT8, DType.INT16, DType.UINT16, DType.INT32);
    /** A params file is a few kilobytes even with thousands of channels; a huge one is a wrong path. */
    private static final long MAX_FILE_BYTES = 64L << 20;

    private ParamsJson() {}

    /** Reads and validates a params file. */
    public static QuantParams read(Path file) {
        requireNonNull(file, "file is null");
        String source = file.toString();
        String json;
        try {
            if (Files.isDirectory(file)) {
                throw new QuantException(source + ": is a directory, not a params file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new QuantException(source + ": " + size + " bytes is too large for a params file (at most "
                        + MAX_FILE_BYTES + ")");
            }
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new QuantException(source + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new QuantException(source + ": not UTF-8 text", e);
        } catch (AccessDeniedException e) {
            throw new QuantException(source + ": cannot read: permission denied", e);
        } catch (IOException e) {
            throw new QuantException(source + ": cannot read: " + e.getMessage(), e);
        }
        return parse(json, source);
    }

    /** Parses and validates params JSON; {@code source} names it in errors ("p.json"). */
    public static QuantParams parse(String json, String source) {
        requireNonNull(json, "json is null");
        requireNonNull(source, "source is null");
        JsonParser parser = Json.mapper().createParser(json);
        try {
            return new Reader(parser, source).read();
        } catch (JacksonException e) {
            // the parser is still open here (not try-with-resources), so it can say where it stopped
            throw JsonErrors.toQuantException(e, source, parser);
        } finally {
            parser.close();
        }
    }

    /** Writes {@code params} to {@code file} atomically. */
    public static void write(Path file, QuantParams params) {
        AtomicFiles.write(file, writer(params));
    }

    /**
     * What writes {@code params} ({@link #toJson}), for {@link AtomicFiles#writeAll} with other files. Params
     * that could not be read back fail here, before any file is touched.
     */
    public static IoWriter writer(QuantParams params) {
        return IoWriter.utf8(toJson(params));
    }

    /** The params as JSON: one key per line, in {@link #KEYS} order, arrays on one line. */
    public static String toJson(QuantParams params) {
        requireNonNull(params, "params is null");
        Problem problem = codesProblem(params.qmin(), params.qmax(), params.dtype(), params.signed());
        if (problem != null) {
            throw new QuantException("cannot write params that could not be read back: " + problem.message());
        }
        List<String> entries = new ArrayList<>();
        entries.add(entry("scheme", quote(params.scheme())));
        entries.add(entry("bits", Integer.toString(params.bits())));
        entries.add(entry("signed", Boolean.toString(params.signed())));
        entries.add(entry("narrow_range", Boolean.toString(params.narrowRange())));
        entries.add(entry("qmin", Integer.toString(params.qmin())));
        entries.add(entry("qmax", Integer.toString(params.qmax())));
        entries.add(entry("dtype", quote(params.dtype().displayName())));
        entries.add(entry("axis", params.perChannel() ? Integer.toString(params.axis().getAsInt()) : "null"));
        double[] scales = params.scales();
        int[] zeroPoints = params.zeroPoints();
        if (params.perChannel()) {
            StringBuilder scaleList = new StringBuilder("[");
            StringBuilder zeroPointList = new StringBuilder("[");
            for (int i = 0; i < scales.length; i++) {
                scaleList.append(i == 0 ? "" : ", ").append(number(scales[i]));
                zeroPointList.append(i == 0 ? "" : ", ").append(zeroPoints[i]);
            }
            entries.add(entry("scale", scaleList.append(']').toString()));
            entries.add(entry("zero_point", zeroPointList.append(']').toString()));
        } else {
            entries.add(entry("scale", number(scales[0])));
            entries.add(entry("zero_point", Integer.toString(zeroPoints[0])));
        }
        entries.add(entry("rounding", quote(params.rounding().displayName())));
        params.calibrator().ifPresent(name -> entries.add(entry("calibrator", quote(name))));
        if (params.rangeLo().isPresent()) {
            double[] lo = params.rangeLo().get();
            double[] hi = params.rangeHi().get();
            StringBuilder range = new StringBuilder(params.perChannel() ? "[" : "");
            for (int i = 0; i < lo.length; i++) {
                String pairProblem = rangeProblem(lo[i], hi[i]);
                if (pairProblem != null) {
                    throw new QuantException("cannot write params: range" + (params.perChannel() ? " of channel " + i : "")
                            + " " + pairProblem);
                }
                range.append(i == 0 ? "" : ", ").append('[').append(number(lo[i])).append(", ")
                        .append(number(hi[i])).append(']');
            }
            entries.add(entry("range", range.append(params.perChannel() ? "]" : "").toString()));
        }
        return "{\n" + String.join(",\n", entries) + "\n}\n";
    }

    private static String entry(String key, String value) {
        return "  \"" + key + "\": " + value;
    }

    private static String quote(String text) {
        return Json.mapper().writeValueAsString(text);
    }

    /** Shortest repr that reads back as the same double (Schubfach, as the shared mapper writes doubles). */
    private static String number(double value) {
        return NumberOutput.toString(value, true);
    }

    /** A problem with one key's value. */
    private record Problem(String key, String message) {}

    /** What is wrong with a code range, its dtype and the signed flag, or null. */
    private static Problem codesProblem(int qmin, int qmax, DType dtype, boolean signed) {
        if (!CODE_DTYPES.contains(dtype)) {
            return new Problem("dtype", "dtype must be int8, uint8, int16, uint16 or int32, got " + dtype);
        }
        if (qmin >= qmax) {
            return new Problem("qmax", "qmin " + qmin + " must be less than qmax " + qmax);
        }
        String holds = ", which holds [" + dtype.minValue() + ", " + dtype.maxValue() + "]";
        if (!dtype.holds(qmin, qmin)) {
            return new Problem("qmin", "qmin " + qmin + " does not fit dtype " + dtype + holds);
        }
        if (!dtype.holds(qmax, qmax)) {
            return new Problem("qmax", "qmax " + qmax + " does not fit dtype " + dtype + holds);
        }
        DType smallest = DType.smallestHolding(qmin, qmax);
        if (qmin >= 0 && dtype.kind() == 'i' && smallest.kind() == 'u') {
            return new Problem("dtype", "dtype must be unsigned when qmin >= 0: codes [" + qmin + ", " + qmax
                    + "] are " + smallest + ", not " + dtype);
        }
        if (signed != (qmin < 0)) {
            return new Problem("signed", "signed is " + signed + " but qmin is " + qmin
                    + ": signed codes have qmin < 0, unsigned codes qmin >= 0");
        }
        return null;
    }

    private static String rangeProblem(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return "[" + lo + ", " + hi + "] is not finite";
        }
        if (lo > hi) {
            return "[" + lo + ", " + hi + "] has lo > hi";
        }
        return null;
    }

    /** A scalar or an array of numbers, as written, with the location of each. */
    private static final class Numbers {
        final boolean array;
        final double[] values;
        final TokenStreamLocation at;

        Numbers(boolean array, double[] values, TokenStreamLocation at) {
            this.array = array;
            this.values = values;
            this.at = at;
        }
    }

    /** The range: one [lo, hi] pair, or a list of them. */
    private static final class RangeValue {
        final boolean nested;
        final double[] lo;
        final double[] hi;
        final TokenStreamLocation at;

        RangeValue(boolean nested, double[] lo, double[] hi, TokenStreamLocation at) {
            this.nested = nested;
            this.lo = lo;
            this.hi = hi;
            this.at = at;
        }
    }

    /** One pass over the tokens; each value is checked where it stands. */
    private static final class Reader {
        private final JsonParser parser;
        private final String source;
        private final Map<String, TokenStreamLocation> locations = new HashMap<>();

        private String scheme;
        private int bits;
        private boolean signed;
        private boolean narrowRange;
        private int qmin;
        private int qmax;
        private DType dtype;
        private int axis = -1;
        private Numbers scale;
        private Numbers zeroPoint;
        private Rounding rounding = Rounding.HALF_EVEN;
        private String calibrator;
        private RangeValue range;

        Reader(JsonParser parser, String source) {
            this.parser = parser;
            this.source = source;
        }

        QuantParams read() {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw error(parser.currentTokenLocation(), "a params file is a JSON object {...}, got "
                        + JsonErrors.describe(token));
            }
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                if (!KEYS.contains(key)) {
                    throw error(parser.currentTokenLocation(), "unknown key '" + key + "'" + JsonErrors.unknownKeyHint(key, KEYS));
                }
                parser.nextToken();
                locations.put(key, parser.currentTokenLocation());
                value(key);
            }
            if (parser.nextToken() != null) {
                throw error(parser.currentTokenLocation(), "unexpected content after the params object");
            }
            for (String key : REQUIRED) {
                if (!locations.containsKey(key)) {
                    throw new QuantException(source + ": missing key '" + key + "' (required: "
                            + String.join(", ", REQUIRED) + ")");
                }
            }
            return validate();
        }

        private void value(String key) {
            switch (key) {
                case "scheme":
                    scheme = string(key);
                    if (scheme.isBlank()) {
                        throw error(at(key), "'scheme' must name a quantizer, got an empty string");
                    }
                    break;
                case "bits":
                    bits = int32(key);
                    if (bits < 1 || bits > 32) {
                        throw error(at(key), "'bits' must be in 1..32, got " + bits);
                    }
                    break;
                case "signed":
                    signed = bool(key);
                    break;
                case "narrow_range":
                    narrowRange = bool(key);
                    break;
                case "qmin":
                    qmin = int32(key);
                    break;
                case "qmax":
                    qmax = int32(key);
                    break;
                case "dtype":
                    dtype = dtype();
                    break;
                case "axis":
                    if (parser.currentToken() != JsonToken.VALUE_NULL) {
                        axis = int32(key);
                        if (axis < 0) {
                            throw error(at(key), "'axis' must be >= 0, or null per tensor, got " + axis);
                        }
                    }
                    break;
                case "scale":
                    scale = numbers(key, false);
                    break;
                case "zero_point":
                    zeroPoint = numbers(key, true);
                    break;
                case "rounding":
                    try {
                        rounding = Rounding.parse(string(key));
                    } catch (UsageException e) {
                        throw error(at(key), e.getMessage());
                    }
                    break;
                case "calibrator":
                    calibrator = parser.currentToken() == JsonToken.VALUE_NULL ? null : string(key);
                    break;
                case "range":
                    if (parser.currentToken() != JsonToken.VALUE_NULL) {
                        range = range();
                    }
                    break;
                default:
                    throw new IllegalStateException("unhandled key " + key);
            }
        }

        private QuantParams validate() {
            Problem codes = codesProblem(qmin, qmax, dtype, signed);
            if (codes != null) {
                throw error(at(codes.key()), codes.message());
            }
            boolean perChannel = axis >= 0;
            requireArrayIff(perChannel, "scale", scale);
            requireArrayIff(perChannel, "zero_point", zeroPoint);
            int channels = scale.values.length;
            if (zeroPoint.values.length != channels) {
                throw error(zeroPoint.at, "'zero_point' has " + zeroPoint.values.length + " values but 'scale' has "
                        + channels);
            }
            if (range != null) {
                if (range.nested != perChannel) {
                    throw error(range.at, perChannel
                            ? "'range' must be a list of [lo, hi] pairs, one per channel, when 'axis' is set"
                            : "'range' must be one [lo, hi] pair when 'axis' is not set");
                }
                if (range.lo.length != channels) {
                    throw error(range.at, "'range' has " + range.lo.length + " pairs but 'scale' has " + channels);
                }
            }
            int[] zeroPoints = new int[channels];
            for (int i = 0; i < channels; i++) {
                zeroPoints[i] = (int) zeroPoint.values[i];
            }
            QuantParams.Builder builder = QuantParams.builder().scheme(scheme).bits(bits).narrowRange(narrowRange)
                    .codes(new CodeRange(qmin, qmax, dtype)).rounding(rounding).calibrator(calibrator);
            if (perChannel) {
                builder.perChannel(axis, scale.values, zeroPoints);
            } else {
                builder.perTensor(scale.values[0], zeroPoints[0]);
            }
            if (range != null) {
                builder.range(range.lo, range.hi);
            }
            try {
                return builder.build();
            } catch (UsageException e) {
                throw new QuantException(source + ": " + e.getMessage(), e);
            }
        }

        private void requireArrayIff(boolean perChannel, String key, Numbers numbers) {
            if (perChannel && !numbers.array) {
                throw error(numbers.at, "'" + key + "' must be an array, one per channel, when 'axis' is set");
            }
            if (!perChannel && numbers.array) {
                throw error(numbers.at, "'" + key + "' is an array but 'axis' is not set: per-channel params need"
                        + " an axis, per-tensor params a single number");
            }
        }

        private DType dtype() {
            String name = string("dtype");
            DType type;
            try {
                type = DType.parse(name);
            } catch (UsageException e) {
                throw error(at("dtype"), e.getMessage());
            }
            if (!CODE_DTYPES.contains(type)) {
                throw error(at("dtype"), "dtype must be int8, uint8, int16, uint16 or int32, got " + type);
            }
            return type;
        }

        /** A number, or an array of numbers; integers only (int32) for zero points. */
        private Numbers numbers(String key, boolean integers) {
            TokenStreamLocation at = parser.currentTokenLocation();
            JsonToken token = parser.currentToken();
            String kind = integers ? "an integer" : "a number";
            if (token == JsonToken.START_ARRAY) {
                List<Double> values = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String element = key + "[" + values.size() + "]";
                    values.add(integers ? int32(element) : scale(element));
                }
                if (values.isEmpty()) {
                    throw error(at, "'" + key + "' is an empty array: per-channel params need one " + kind.substring(kind.indexOf(' ') + 1)
                            + " per channel");
                }
                double[] array = new double[values.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = values.get(i);
                }
                return new Numbers(true, array, at);
            }
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw error(at, "'" + key + "' must be " + kind + ", or an array of them with 'axis', got "
                        + JsonErrors.describe(token));
            }
            double value = integers ? int32(key) : scale(key);
            return new Numbers(false, new double[] {value}, at);
        }

        private double scale(String what) {
            double value = number(what);
            if (!(value > 0) || !Double.isFinite(value)) {
                throw error(parser.currentTokenLocation(), "'" + what + "' must be positive and finite, got "
                        + parser.getString());
            }
            return value;
        }

        private RangeValue range() {
            TokenStreamLocation at = parser.currentTokenLocation();
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw error(at, "'range' must be [lo, hi], or a list of [lo, hi] pairs with 'axis', got "
                        + JsonErrors.describe(parser.currentToken()));
            }
            JsonToken first = parser.nextToken();
            List<double[]> pairs = new ArrayList<>();
            boolean nested = first == JsonToken.START_ARRAY;
            if (nested) {
                for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token != JsonToken.START_ARRAY) {
                        throw error(parser.currentTokenLocation(), "'range[" + pairs.size() + "]' must be a [lo, hi] pair, got "
                                + JsonErrors.describe(token));
                    }
                    pairs.add(pair("range[" + pairs.size() + "]", parser.currentTokenLocation(), parser.nextToken()));
                }
                if (pairs.isEmpty()) {
                    throw error(at, "'range' is an empty list");
                }
            } else {
                pairs.add(pair("range", at, first));
            }
            double[] lo = new double[pairs.size()];
            double[] hi = new double[pairs.size()];
            for (int i = 0; i < lo.length; i++) {
                lo[i] = pairs.get(i)[0];
                hi[i] = pairs.get(i)[1];
            }
            return new RangeValue(nested, lo, hi, at);
        }

        /** The two numbers of a pair whose '[' is at {@code at}; {@code token} is the one after it. */
        private double[] pair(String what, TokenStreamLocation at, JsonToken token) {
            List<Double> values = new ArrayList<>();
            for (; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                values.add(number(what + "[" + values.size() + "]"));
            }
            if (values.size() != 2) {
                throw error(at, "'" + what + "' must be a [lo, hi] pair, got " + values.size() + " numbers");
            }
            String problem = rangeProblem(values.get(0), values.get(1));
            if (problem != null) {
                throw error(at, "'" + what + "' " + problem);
            }
            return new double[] {values.get(0), values.get(1)};
        }

        private double number(String what) {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw error(parser.currentTokenLocation(), "'" + what + "' must be a number, got " + JsonErrors.describe(token));
            }
            return parser.getDoubleValue();
        }

        private int int32(String what) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                throw error(parser.currentTokenLocation(), "'" + what + "' must be an integer, got " + parser.getString());
            }
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw error(parser.currentTokenLocation(), "'" + what + "' must be an integer, got " + JsonErrors.describe(token));
            }
            if (parser.getNumberType() != JsonParser.NumberType.INT) {
                throw error(parser.currentTokenLocation(), "'" + what + "' is " + parser.getString()
                        + ", outside what int32 holds [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]");
            }
            return parser.getIntValue();
        }

        private boolean bool(String what) {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                throw error(parser.currentTokenLocation(), "'" + what + "' must be true or false, got " + JsonErrors.describe(token));
            }
            return token == JsonToken.VALUE_TRUE;
        }

        private String string(String what) {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.VALUE_STRING) {
                throw error(parser.currentTokenLocation(), "'" + what + "' must be a string, got " + JsonErrors.describe(token));
            }
            return parser.getString();
        }

        private TokenStreamLocation at(String key) {
            return locations.get(key);
        }

        private QuantException error(TokenStreamLocation location, String message) {
            return JsonErrors.at(source, location, message);
        }
    }
}
