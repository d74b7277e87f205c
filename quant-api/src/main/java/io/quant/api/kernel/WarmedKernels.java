package io.quant.api.kernel;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Two implementations of the same kernels that give the same bits, a scalar one and one on the incubating
 * Vector API, and which of them runs now.
 *
 * <p>Vector API code is only fast once C2 has compiled it: the interpreter and C1 box every vector, so
 * until then it runs tens of times slower than a plain loop, and C2 gets to it after a second or more of
 * running. A one-shot command (quantize one file, one matmul) would spend that second and be slower than
 * with the scalar loops, which C2 compiles (and on JDK 21+ vectorizes) at once. So by default callers get
 * the scalar kernels while a daemon thread runs the vector ones on small data until their time per call
 * stops improving, then every caller gets the vector kernels. Property {@value #PROPERTY}: {@code scalar}
 * (never switch), {@code vector} (the vector kernels from the start: benchmarks, tests), or unset.
 *
 * @param <K> the kernels' type
 */
public final class WarmedKernels<K> {
    /** System property that chooses the kernels: {@code scalar}, {@code vector}, or unset for warm-up first. */
    public static final String PROPERTY = "quant.kernels";
    /** Warm-up calls at least, and at most (a bound on the thread's life if timings never settle). */
    private static final int MIN_CALLS = 200;
    private static final int MAX_CALLS = 5000;
    /** Warm-up stops after this many calls in a row without a new best time (10% better). */
    private static final int PATIENCE = 100;

    private final K vector;
    private volatile K current;

    private WarmedKernels(K vector, K current) {
        this.vector = vector;
        this.current = current;
    }

    /**
     * The kernels named {@code what} (the warm-up thread's name): {@code scalar}, and {@code vector} from
     * {@code vectorOrNull} (null without the module or on narrow vectors), warmed up by calls of
     * {@code warmUp} on it.
     */
    public static <K> WarmedKernels<K> of(String what, K scalar, Supplier<K> vectorOrNull, Consumer<K> warmUp) {
        return of(what, scalar, vectorOrNull, warmUp, System.getProperty(PROPERTY, ""));
    }

    /** {@link #of} with the property's value given. */
    static <K> WarmedKernels<K> of(String what, K scalar, Supplier<K> vectorOrNull, Consumer<K> warmUp, String property) {
        requireNonNull(scalar, "scalar is null");
        String wanted = property.trim().toLowerCase(Locale.ROOT);
        K vector = wanted.equals("scalar") ? null : vectorOrNull.get();
        if (vector == null) {
            return new WarmedKernels<>(null, scalar);
        }
        if (wanted.equals("vector")) {
            return new WarmedKernels<>(vector, vector);
        }
        WarmedKernels<K> kernels = new WarmedKernels<>(vector, scalar);
        Thread thread = new Thread(() -> kernels.warmUp(warmUp), "quant-warm-up-" + what);
        thread.setDaemon(true);
        thread.start();
        return kernels;
    }

    /**
     * What {@code static K createOrNull()} of class {@code className} returns, or null when
     * {@code jdk.incubator.vector} is not in the boot layer or the class fails to load. The class is found
     * by name, so that its callers link without the module; {@code lookup} (the caller's) gives access to
     * a package-private class.
     */
    public static <K> K createVectorOrNull(MethodHandles.Lookup lookup, String className, Class<K> type) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            MethodHandle create = lookup.findStatic(lookup.findClass(className), "createOrNull",
                    MethodType.methodType(type));
            return type.cast(create.invoke());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // a JVM that cannot link the vector kernels runs the scalar ones
            return null;
        }
    }

    /** The kernels to run now. */
    public K get() {
        return current;
    }

    /** The vector kernels, or null when this JVM has none (for tests). */
    K vectorOrNull() {
        return vector;
    }

    private void warmUp(Consumer<K> call) {
        try {
            long best = Long.MAX_VALUE;
            int sinceBest = 0;
            for (int calls = 0; calls < MAX_CALLS && (calls < MIN_CALLS || sinceBest < PATIENCE); calls++) {
                long start = System.nanoTime();
                call.accept(vector);
                long time = System.nanoTime() - start;
                if (time < best - best / 10) {
                    best = time;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
            }
            current = vector;
        } catch (RuntimeException | LinkageError e) {
            // the vector kernels failed on this JVM: the scalar ones stay, with the same results
        }
    }
}
