package io.quant.api.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/** How many threads a parallel stream started here runs on: what every kernel splits its work by. */
public final class Parallelism {
    private Parallelism() {}

    /**
     * The workers of the fork-join pool the caller runs in, or from outside one the common pool's workers
     * and the calling thread, which helps. A caller that wants fewer threads runs the kernel in a smaller pool.
     */
    public static int threads() {
        return ForkJoinTask.inForkJoinPool()
                ? ForkJoinTask.getPool().getParallelism()
                : ForkJoinPool.getCommonPoolParallelism() + 1;
    }
}
