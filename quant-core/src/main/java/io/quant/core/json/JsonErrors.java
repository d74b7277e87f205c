package io.quant.core.json;

import io.quant.api.QuantException;
import io.quant.api.Suggestions;
import io.quant.core.text.OneLine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns Jackson's multi-line exceptions into quant's one-line errors that point into the file:
 * {@code p.json:3:14: unknown key 'scal'. Did you mean 'scale'?}. Also builds such messages for problems
 * found after parsing ({@link #at}).
 */
public final class JsonErrors {
    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'.*");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");
    private static final Pattern CHARACTER_CODE = Pattern.compile("\\('(.{1,2})' \\(code \\d+\\)\\)");
    private static final Pattern OUT_OF_RANGE = Pattern.compile("Numeric value \\((.*)\\) out of range of `(\\w+)`.*");

    private JsonErrors() {}

    /** The one-line error for {@code e}, raised while reading {@code source}. */
    public static QuantException toQuantException(JacksonException e, String source) {
        return toQuantException(e, source, null);
    }

    /**
     * As {@link #toQuantException(JacksonException, String)}; {@code parserOrNull} supplies the location when
     * the exception has none (Jackson's stream constraints report none).
     */
    public static QuantException toQuantException(JacksonException e, String source, JsonParser parserOrNull) {
        return new QuantException(message(e, source, parserOrNull), e);
    }

    /** The message alone: {@code p.json:3:14: what is wrong}. */
    public static String message(JacksonException e, String source, JsonParser parserOrNull) {
        TokenStreamLocation location = e.getLocation();
        if (!known(location) && parserOrNull != null && !parserOrNull.isClosed()) {
            location = parserOrNull.currentLocation();
        }
        // a message quotes keys and strings from the file, which may hold any
        return OneLine.escape(where(source, location) + ": " + describe(e));
    }

    /** A one-line error about the value at {@code location} (a token location from the parser). */
    public static QuantException at(String source, TokenStreamLocation location, String message) {
        return new QuantException(OneLine.escape(where(source, location) + ": " + message));
    }

    /** {@code p.json:3:14}, or {@code p.json} when the location is not known. */
    public static String where(String source, TokenStreamLocation location) {
        return known(location) ? source + ":" + location.getLineNr() + ":" + location.getColumnNr() : source;
    }

    /**
     * The tail of an unknown-key message: {@code ". Did you mean 'scale'?"} when a known key is close,
     * else the list of known keys.
     */
    public static String unknownKeyHint(String key, Collection<String> known) {
        return Suggestions.closest(key, known).map(name -> ". Did you mean '" + name + "'?")
                .orElseGet(() -> ". Known keys: " + String.join(", ", new TreeSet<>(known)));
    }

    /** How a token reads in a message: "a string", "an array", "null". */
    public static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a floating-point number";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            default:
                return token.name().toLowerCase(Locale.ROOT);
        }
    }

    private static boolean known(TokenStreamLocation location) {
        return location != null && location.getLineNr() > 0;
    }

    private static String describe(JacksonException e) {
        String original = firstLine(e.getOriginalMessage());
        String path = path(e);
        if (e instanceof PropertyBindingException) {
            PropertyBindingException unknown = (PropertyBindingException) e;
            List<String> known = new ArrayList<>();
            Collection<Object> ids = unknown.getKnownPropertyIds();
            if (ids != null) {
                ids.forEach(id -> known.add(String.valueOf(id)));
            }
            String parent = parentPath(e);
            return "unknown key '" + unknown.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
                    + unknownKeyHint(unknown.getPropertyName(), known);
        }
        if (e instanceof InvalidNullException
                || (e instanceof MismatchedInputException && ((MismatchedInputException) e).getCurrentToken() == JsonToken.VALUE_NULL
                        && !path.isEmpty())) {
            return "'" + path + "' must not be null";
        }
        if (original.startsWith("Trailing token")) {
            return "unexpected content after the end of the JSON value";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            // a constructor refused the value: its own message says why
            return (path.isEmpty() ? "" : "'" + path + "': ") + firstLine(e.getCause().getMessage());
        }
        if (e instanceof InvalidFormatException && ((InvalidFormatException) e).getTargetType() != null
                && ((InvalidFormatException) e).getTargetType().isEnum()) {
            InvalidFormatException format = (InvalidFormatException) e;
            List<String> names = new ArrayList<>();
            for (Object constant : format.getTargetType().getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            String value = String.valueOf(format.getValue());
            return "unknown value '" + value + "'" + (path.isEmpty() ? "" : " for '" + path + "'")
                    + Suggestions.hint(value, names);
        }
        if (e instanceof MismatchedInputException && ((MismatchedInputException) e).getTargetType() != null
                && !path.isEmpty()) {
            MismatchedInputException mismatch = (MismatchedInputException) e;
            String expected = expected(mismatch.getTargetType());
            if (!compatible(expected, mismatch.getCurrentToken())) {
                return "'" + path + "' must be " + expected + ", got " + describe(mismatch.getCurrentToken());
            }
        }
        if (e instanceof InputCoercionException) {
            Matcher range = OUT_OF_RANGE.matcher(original);
            if (range.matches()) {
                return (path.isEmpty() ? "" : "'" + path + "': ") + "number " + range.group(1)
                        + " is out of range for " + range.group(2);
            }
        }
        if (e instanceof StreamConstraintsException) {
            if (original.startsWith("Document nesting depth")) {
                return "nesting deeper than " + Json.MAX_NESTING_DEPTH + " levels";
            }
            if (original.startsWith("Number value length")) {
                return "number longer than " + Json.MAX_NUMBER_LENGTH + " characters";
            }
        }
        if (e instanceof UnexpectedEndOfInputException) {
            if (original.contains("close marker for Object")) {
                return "unexpected end of input: an object is not closed ('}' missing)";
            }
            if (original.contains("close marker for Array")) {
                return "unexpected end of input: an array is not closed (']' missing)";
            }
            return "unexpected end of input";
        }
        Matcher nonStandard = NON_STANDARD.matcher(original);
        if (nonStandard.matches()) {
            return "'" + nonStandard.group(1) + "' is not a JSON number: values must be finite";
        }
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.matches()) {
            return "duplicate key '" + duplicate.group(1) + "'";
        }
        String cleaned = CHARACTER_CODE.matcher(original).replaceAll("'$1'");
        cleaned = cleaned.isEmpty() ? e.getClass().getSimpleName() : cleaned;
        return (path.isEmpty() ? "" : "'" + path + "': ")
                + Character.toLowerCase(cleaned.charAt(0)) + cleaned.substring(1);
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    /** Whether a token of the kind Jackson found could be what {@code expected} says (then the type is not the problem). */
    private static boolean compatible(String expected, JsonToken token) {
        if (token == null) {
            return true;
        }
        switch (token) {
            case VALUE_NUMBER_INT:
                return expected.equals("an integer") || expected.equals("a number");
            case VALUE_NUMBER_FLOAT:
                return expected.equals("a number");
            case VALUE_STRING:
                return expected.equals("a string");
            case VALUE_TRUE:
            case VALUE_FALSE:
                return expected.equals("true or false");
            case START_ARRAY:
                return expected.equals("an array");
            case START_OBJECT:
                return expected.startsWith("an object");
            default:
                return false;
        }
    }

    /** The JSON path of the failing value: {@code steps[2].op}. */
    private static String path(JacksonException e) {
        return path(e.getPath(), e.getPath().size());
    }

    private static String parentPath(JacksonException e) {
        return path(e.getPath(), Math.max(0, e.getPath().size() - 1));
    }

    private static String path(List<JacksonException.Reference> references, int count) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < count; i++) {
            JacksonException.Reference reference = references.get(i);
            if (reference.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        int source = line.indexOf(" at [Source");
        return source < 0 ? line : line.substring(0, source);
    }
}
