package io.stoker.runtime.pool;

import java.time.Duration;

/** Runs a task after a delay; injected so tests move time by hand. Implementations never run the task on the calling thread. */
public interface Timer {

    /** Schedules {@code task} to run once after {@code delay} (zero or negative: as soon as possible). */
    Cancellable schedule(Runnable task, Duration delay);

    /** A scheduled task; cancelling a task that already ran does nothing. */
    interface Cancellable {
        void cancel();
    }
}
