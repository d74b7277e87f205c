package io.quant.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.quant.api.UsageException;
import io.quant.core.text.OneLine;

/** A place in a pipeline file, printed as compilers print it: {@code mlp.json:14:9}. */
record Location(String source, int line, int column) {
    Location {
        requireNonNull(source, "source is null");
    }

    /** A usage error at this place: {@code mlp.json:14:9: message}, kept to one line whatever it quotes. */
    UsageException error(String message) {
        return new UsageException(OneLine.escape(this + ": " + message));
    }

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
