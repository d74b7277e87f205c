package io.quant.testkit;

import io.quant.api.tensor.DType;
import io.quant.api.tensor.Shape;
import io.quant.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Data and plumbing the contracts share: seeded random tensors, deep copies, running a task on threads. */
final class Samples {
    /** Fixed, so that a failure reproduces. */
    static final long SEED = 20240611L;
    static final int THREADS = 4;

    private Samples() {}

    static SplittableRandom random() {
        return new SplittableRandom(SEED);
    }

    /** {@code n} values uniform in [lo, hi] drawn from {@code random}. */
    static double[] uniform(SplittableRandom random, int n, double lo, double hi) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = lo + random.nextDouble() * (hi - lo);
        }
        return values;
    }

    /** {@code values} as a tensor of float32 (rounded) or float64, shaped {@code shape}. */
    static Tensor tensor(DType dtype, Shape shape, double[] values) {
        Tensor x = Tensor.ofFloat64(shape, values.clone());
        return dtype == DType.FLOAT32 ? x.toFloat32() : x;
    }

    static Map<String, Tensor> copy(Map<String, Tensor> tensors) {
        Map<String, Tensor> copies = new TreeMap<>();
        tensors.forEach((name, tensor) -> copies.put(name, tensor.copy()));
        return copies;
    }

    /** The channel of each element in C order: {@code (i / stride(axis)) % dim(axis)}. */
    static int[] channels(Shape shape, int axis) {
        int[] channels = new int[shape.size()];
        int stride = shape.stride(axis);
        int dim = shape.dim(axis);
        for (int i = 0; i < channels.length; i++) {
            channels[i] = (i / stride) % dim;
        }
        return channels;
    }

    /**
     * Runs {@code task} on {@link #THREADS} threads released together and returns their results, so that
     * a caller can compare them with a run on one thread.
     */
    static <T> List<T> onThreads(Callable<T> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new AssertionError("a thread failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
