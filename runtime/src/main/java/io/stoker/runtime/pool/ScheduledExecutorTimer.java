package io.stoker.runtime.pool;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The production {@link Timer}, on a {@link ScheduledExecutorService} the caller owns (and shuts down). */
public final class ScheduledExecutorTimer implements Timer {

    private final ScheduledExecutorService executor;

    public ScheduledExecutorTimer(ScheduledExecutorService executor) {
        this.executor = java.util.Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        long nanos = Math.max(0, saturatedNanos(delay));
        var future = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private static long saturatedNanos(Duration delay) {
        try {
            return delay.toNanos();
        } catch (ArithmeticException tooLong) {
            return delay.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
