package io.quant.calibrators;

import io.quant.api.kernel.Parallelism;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Splits a pass over many values across the cores of the current fork-join pool (the common pool plus the
 * calling thread from outside one), as {@code LinearQuantization} does for quantize. Each task returns its
 * own partial result, so that tasks share no mutable state; the caller folds the results in task order.
 */
final class Parallel {
    /** Passes over fewer values stay on the calling thread: a task costs more than it saves there. */
    static final long THRESHOLD = 1 << 20;
    /** Values per task at least (a few hundred microseconds of work). */
    private static final long MIN_TASK = 1 << 18;
    /** Values per task at most, so that a task's int counters cannot overflow. */
    private static final long MAX_TASK = 1 << 30;

    private Parallel() {}

    /** What a task does with the values at [from, to) of the pass. */
    @FunctionalInterface
    interface RangeTask<T> {
        T run(long from, long to);
    }

    /**
     * Runs {@code task} over [0, n): once on the calling thread when {@code parallel} is false or n is below
     * {@link #THRESHOLD}, else over a few ranges per thread (so that a thread slowed by another process does not
     * hold up the rest). The results come back in range order.
     */
    static <T> List<T> map(long n, boolean parallel, RangeTask<T> task) {
        return map(n, 1, parallel, task);
    }

    /** {@link #map(long, boolean, RangeTask)} over n items of {@code size} values each (rows, runs). */
    static <T> List<T> map(long n, long size, boolean parallel, RangeTask<T> task) {
        int threads = Parallelism.threads();
        long values = n * size;
        long tasks = parallel && values >= THRESHOLD && threads > 1 ? Math.min(threads * 2L, values / MIN_TASK) : 1;
        tasks = Math.min(n, Math.max(tasks, (values + MAX_TASK - 1) / MAX_TASK));
        if (tasks <= 1) {
            return List.of(task.run(0, n));
        }
        long step = (n + tasks - 1) / tasks;
        int count = (int) ((n + step - 1) / step);
        return IntStream.range(0, count).parallel()
                .mapToObj(t -> task.run(t * step, Math.min(n, (t + 1) * step)))
                .collect(Collectors.toList());
    }
}
