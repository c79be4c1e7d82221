package io.stoker.runtime.trigger;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay; tests use a manual one so retry back-off takes no real time. */
interface Delayer {

    void schedule(Runnable task, Duration delay);

    static Delayer of(ScheduledExecutorService scheduler) {
        return (task, delay) -> scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
