package io.quant.core.pipeline;

import io.quant.api.QuantException;
import io.quant.api.UsageException;
import io.quant.core.text.OneLine;

/** Puts where a failure happened in front of its message, keeping its kind (usage error: exit 2, else exit 1). */
final class Failures {
    private Failures() {}

    static QuantException prefixed(String where, QuantException e) {
        String message = OneLine.escape(where + ": " + e.getMessage());
        return e instanceof UsageException ? new UsageException(message) : new QuantException(message, e);
    }

    /**
     * A plugin threw something other than a QuantException: a bug in the plugin, reported as a failure of
     * the step that names the plugin's class, so that one bad plugin cannot take the process down.
     */
    static QuantException pluginFailed(String where, Object plugin, String during, RuntimeException e) {
        return new QuantException(OneLine.escape(where + ": plugin " + plugin.getClass().getName() + " failed"
                + during + ": " + e), e);
    }
}
