package io.quant.core.plugin;

import io.quant.core.text.OneLine;

/** One-line descriptions of what went wrong inside a plugin. */
final class Messages {
    private Messages() {}

    /** "IllegalStateException: boom"; an error in a static initializer is named as such. */
    static String describe(Throwable t) {
        if (t instanceof ExceptionInInitializerError && t.getCause() != null) {
            return "static initializer threw " + describe(t.getCause());
        }
        if (t instanceof NoClassDefFoundError && t.getMessage() != null) {
            return "class " + t.getMessage().replace('/', '.') + " not found";
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + OneLine.join(message));
    }

    /** Errors the JVM cannot recover from are not a plugin's problem to report. */
    static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }
}
