package io.quant.core.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a file's whole content to {@code out}; {@link AtomicFiles} decides where it lands. */
@FunctionalInterface
public interface IoWriter {
    void write(OutputStream out) throws IOException;

    /** What writes {@code text} as UTF-8 (encoded now, once, however often it writes). */
    static IoWriter utf8(String text) {
        requireNonNull(text, "text is null");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return out -> out.write(bytes);
    }
}
