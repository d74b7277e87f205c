package io.quant.core.text;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps a message to one line, whatever it quotes: quant reports every error as one line,
 * {@code quant: <message>}. Depends on nothing else in quant, so that every package and the CLI may use it.
 */
public final class OneLine {
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\R\\s*");

    private OneLine() {}

    /**
     * {@code text} with line breaks and other control characters written as <code>&#92;uXXXX</code> (a tab
     * stays): for the pieces of a message quoted from a file (keys, strings, header text), which may hold any
     * and should read back exactly. Returns {@code text} itself when nothing needs escaping.
     */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean breaks = breaksTheLine(c);
            if (breaks && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (breaks) {
                    out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * {@code text} stripped, each line break with the blanks around it one space: for prose that may be
     * wrapped over lines (an exception's message, picocli's), which reads best as one sentence.
     */
    public static String join(String text) {
        return LINE_BREAK.matcher(text.strip()).replaceAll(" ");
    }

    /** The C0 controls (tab excepted), DEL and the Unicode line breaks: a terminal acts on them instead of printing. */
    private static boolean breaksTheLine(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
