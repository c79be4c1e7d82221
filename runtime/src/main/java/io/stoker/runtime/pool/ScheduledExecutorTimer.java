package io.stoker.runtime.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link Timer}, on a {@link ScheduledExecutorService} the caller owns (and shuts down).
 *
 * <p>Nearly every queued call's deadline timer is cancelled long before it is due. A cancelled task must leave the
 * executor's queue at once, or thousands of them wait there until their deadlines; so a
 * {@link ScheduledThreadPoolExecutor} given here is set to remove on cancel, and {@link #singleThread} makes one so.
 */
public final class ScheduledExecutorTimer implements Timer {

    private final ScheduledExecutorService executor;

    public ScheduledExecutorTimer(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        if (executor instanceof ScheduledThreadPoolExecutor pool) {
            pool.setRemoveOnCancelPolicy(true);
        }
    }

    /** A one-thread scheduler whose cancelled tasks leave its queue at once. */
    public static ScheduledThreadPoolExecutor singleThread(ThreadFactory threads) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
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
