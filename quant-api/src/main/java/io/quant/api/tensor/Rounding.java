package io.quant.api.tensor;

import io.quant.api.Suggestions;
import io.quant.api.UsageException;
import java.util.Arrays;

/** How {@code x / scale} becomes an integer. */
public enum Rounding {
    /** Ties to even: numpy {@code rint}, ONNX, PyTorch. The default. */
    HALF_EVEN("half-even"),
    /** Ties away from zero: C {@code round}, TFLite's reference kernels. */
    HALF_AWAY("half-away");

    private final String displayName;

    Rounding(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * Rounds one value. A kernel may call it per element: the mode is the same on every iteration, so testing
     * it costs what testing a boolean would.
     */
    public double round(double value) {
        return this == HALF_EVEN ? Math.rint(value) : halfAway(value);
    }

    /** Ties away from zero, exact for every double (no {@code floor(x + 0.5)} double rounding). */
    public static double halfAway(double value) {
        double magnitude = Math.abs(value);
        double floor = Math.floor(magnitude);
        double rounded = magnitude - floor >= 0.5 ? floor + 1 : floor;
        return Math.copySign(rounded, value);
    }

    public static Rounding parse(String name) {
        for (Rounding rounding : values()) {
            if (rounding.displayName.equals(name)) {
                return rounding;
            }
        }
        throw new UsageException("unknown rounding '" + name + "'"
                + Suggestions.hint(name, Arrays.stream(values()).map(Rounding::displayName).toList()));
    }

    @Override
    public String toString() {
        return displayName;
    }
}
