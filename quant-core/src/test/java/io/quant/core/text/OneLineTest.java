package io.quant.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class OneLineTest {
    @Test
    void escapeWritesLineBreaksAndControlCharactersAsEscapes() {
        String printable = "tab\tand \u00FCml\u00E4ut stay";
        assertThat(OneLine.escape(printable)).isSameAs(printable);
        assertThat(OneLine.escape("a\nb\r\nc\u0085d\u2028e\u2029f\u007Fg\u0000"))
                .isEqualTo("a\\u000Ab\\u000D\\u000Ac\\u0085d\\u2028e\\u2029f\\u007Fg\\u0000");
    }

    @Test
    void joinMakesOneSentenceOfWrappedLines() {
        assertThat(OneLine.join("  first line \n\t  second\r\nthird\u2028fourth  \n")).isEqualTo("first line second third fourth");
        assertThat(OneLine.join("no break\there")).isEqualTo("no break\there");
    }
}
