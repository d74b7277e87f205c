package io.quant.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant.api.QuantException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The shared mapper is strict, and its exceptions become one line with file, line and column. */
final class JsonErrorsTest {
    /** A small bound type, as a pipeline step might be. */
    public static final class Step {
        public String op;
        public int bits;
        public double scale;
        public List<Integer> dims;
    }

    // Where Jackson reports no token location it reports where it stopped: just after the token it read
    // last (for an unknown key, after the value it skipped). Columns are 1-based.

    /** A value type that validates itself, as the API's value types do. */
    public record Bits(int bits) {
        public Bits {
            if (bits < 1 || bits > 16) {
                throw new io.quant.api.UsageException("bits must be in 1..16, got " + bits);
            }
        }
    }

    public enum Mode { FLOAT, FIXED }

    /** A type with an enum and a nested value type. */
    public static final class Requant {
        public Mode mode;
        public Bits width;
    }

    @Test
    void unknownKeyWithASuggestion() {
        // the value 2.0 of "scal" spans columns 11-13 of line 2
        assertThat(error("{\"op\": \"quantize\",\n  \"scal\": 2.0}"))
                .isEqualTo("p.json:2:14: unknown key 'scal'. Did you mean 'scale'?");
    }

    @Test
    void unknownKeyWithoutASuggestion() {
        assertThat(error("{\"op\": \"quantize\", \"zzzzzz\": 1}"))
                .isEqualTo("p.json:1:31: unknown key 'zzzzzz'. Known keys: bits, dims, op, scale");
    }

    @Test
    void stringForAnInteger() {
        // binding errors point at the start of the value: "8" starts at column 10
        assertThat(error("{\"bits\": \"8\"}")).isEqualTo("p.json:1:10: 'bits' must be an integer, got a string");
    }

    @Test
    void floatForAnInteger() {
        assertThat(error("{\"bits\": 8.5}")).isEqualTo("p.json:1:10: 'bits' must be an integer, got a floating-point number");
    }

    @Test
    void nullForAPrimitive() {
        assertThat(error("{\"bits\": null}")).isEqualTo("p.json:1:10: 'bits' must not be null");
    }

    @Test
    void wrongTypeInsideAnArray() {
        assertThat(error("{\"dims\": [1, \"a\"]}")).isEqualTo("p.json:1:14: 'dims[1]' must be an integer, got a string");
    }

    @Test
    void integerOutOfRange() {
        assertThat(error("{\"bits\": 99999999999}"))
                .isEqualTo("p.json:1:21: 'bits': number 99999999999 is out of range for int");
    }

    @Test
    void nanIsNotJson() {
        assertThat(error("{\"scale\": NaN}")).isEqualTo("p.json:1:14: 'NaN' is not a JSON number: values must be finite");
    }

    @Test
    void duplicateKey() {
        assertThat(error("{\"op\": \"a\",\n \"op\": \"b\"}")).isEqualTo("p.json:2:6: duplicate key 'op'");
    }

    @Test
    void trailingTokens() {
        assertThat(error("{\"bits\": 8} {}")).isEqualTo("p.json:1:13: unexpected content after the end of the JSON value");
    }

    @Test
    void syntaxError() {
        assertThat(error("{\"op\": \"a\" \"bits\": 8}"))
                .isEqualTo("p.json:1:12: unexpected character '\"': was expecting comma to separate Object entries");
    }

    @Test
    void unexpectedEnd() {
        assertThat(error("{\"op\": \"a\",\n \"bits\": 8"))
                .isEqualTo("p.json:2:11: unexpected end of input: an object is not closed ('}' missing)");
    }

    @Test
    void nestingDepthIsBounded() {
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> Json.mapper().readValue(deep, JsonNode.class))
                .isInstanceOfSatisfying(JacksonException.class, e -> assertThat(JsonErrors.message(e, "d.json", null))
                        .isEqualTo("d.json: nesting deeper than 64 levels"));
    }

    @Test
    void nestingDepthWithTheParserForALocation() {
        String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);
        try (tools.jackson.core.JsonParser parser = Json.mapper().createParser(deep)) {
            assertThatThrownBy(() -> {
                while (parser.nextToken() != null) {
                    // read until the limit trips
                }
            }).isInstanceOfSatisfying(JacksonException.class, e -> assertThat(JsonErrors.message(e, "d.json", parser))
                    .isEqualTo("d.json:1:66: nesting deeper than 64 levels"));
        }
    }

    @Test
    void numberLengthIsBounded() {
        String json = "{\"scale\": 1" + "0".repeat(Json.MAX_NUMBER_LENGTH) + "}";
        assertThat(error(json)).isEqualTo("p.json: number longer than 100 characters");
    }

    @Test
    void unknownEnumValue() {
        assertThat(JsonErrors.message(catchJackson("{\"mode\": \"FIXD\"}", Requant.class), "r.json", null))
                .isEqualTo("r.json:1:10: unknown value 'FIXD' for 'mode'. Did you mean 'FIXED'? Available: FIXED, FLOAT");
    }

    @Test
    void aConstructorsOwnMessage() {
        // reported after the last value the record read: 40 spans columns 20-21
        assertThat(JsonErrors.message(catchJackson("{\"width\": {\"bits\": 40}}", Requant.class), "r.json", null))
                .isEqualTo("r.json:1:22: 'width': bits must be in 1..16, got 40");
    }

    @Test
    void toQuantExceptionKeepsTheCause() {
        JacksonException cause = org.assertj.core.api.Assertions.catchThrowableOfType(JacksonException.class,
                () -> Json.mapper().readValue("{\"bits\": true}", Step.class));
        QuantException error = JsonErrors.toQuantException(cause, "p.json");
        assertThat(error).hasMessage("p.json:1:10: 'bits' must be an integer, got true").hasCause(cause);
    }

    @Test
    void readsValidInput() {
        Step step = Json.mapper().readValue("{\"op\": \"q\", \"bits\": 8, \"scale\": 0.5, \"dims\": [1, 2]}", Step.class);
        assertThat(step.op).isEqualTo("q");
        assertThat(step.bits).isEqualTo(8);
        assertThat(step.scale).isEqualTo(0.5);
        assertThat(step.dims).containsExactly(1, 2);
    }

    private static JacksonException catchJackson(String json, Class<?> type) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(JacksonException.class,
                () -> Json.mapper().readValue(json, type));
    }

    private static String error(String json) {
        try {
            Json.mapper().readValue(json, Step.class);
        } catch (JacksonException e) {
            String message = JsonErrors.message(e, "p.json", null);
            assertThat(message).doesNotContain("\n");
            return message;
        }
        throw new AssertionError("no error for " + json);
    }
}
