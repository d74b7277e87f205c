package io.quant.api.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class WarmedKernelsTest {
    @Test
    void scalarUntilTheWarmUpHasRunThenVector() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        WarmedKernels<String> kernels = WarmedKernels.of("test", "scalar", () -> "vector", vector -> {
            assertThat(vector).isEqualTo("vector");
            await(release);
            calls.incrementAndGet();
        }, "");
        assertThat(kernels.get()).isEqualTo("scalar");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (kernels.get().equals("scalar") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(kernels.get()).isEqualTo("vector");
        // constant timings: the minimum number of calls, then as many more as it takes to give up improving
        assertThat(calls.get()).isBetween(200, 5000);
    }

    @Test
    void thePropertyChoosesEitherAtOnce() {
        assertThat(WarmedKernels.of("test", "scalar", () -> "vector", vector -> {
            throw new AssertionError("no warm-up when the vector kernels are asked for");
        }, " Vector ").get()).isEqualTo("vector");
        assertThat(WarmedKernels.of("test", "scalar", () -> {
            throw new AssertionError("the vector kernels are not even loaded when scalar is asked for");
        }, vector -> {}, "scalar").get()).isEqualTo("scalar");
    }

    @Test
    void withoutVectorKernelsOrWhenTheirWarmUpFailsTheScalarOnesStay() throws InterruptedException {
        assertThat(WarmedKernels.of("test", "scalar", () -> null, vector -> {}, "").get()).isEqualTo("scalar");
        CountDownLatch failed = new CountDownLatch(1);
        WarmedKernels<String> kernels = WarmedKernels.of("test", "scalar", () -> "vector", vector -> {
            failed.countDown();
            throw new IllegalStateException("a JIT bug");
        }, "");
        assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(kernels.get()).isEqualTo("scalar");
        assertThat(kernels.vectorOrNull()).isEqualTo("vector");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
