package io.stoker.runtime.pool;

import io.stoker.runtime.testing.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Timer} on a {@link ManualClock}: tasks run only inside {@link #advance}, in due order. */
public final class ManualTimer implements Timer {

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    public ManualTimer(ManualClock clock) {
        this.clock = clock;
    }

    private final class Task implements Cancellable {
        final Instant due;
        final long order = sequence++;
        final Runnable body;
        boolean cancelled;

        Task(Instant due, Runnable body) {
            this.due = due;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock forward and runs every task that falls due, each at its own due time. */
    public void advance(Duration by) {
        Instant end = clock.instant().plus(by);
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled);
                next = tasks.stream()
                        .filter(t -> !t.due.isAfter(end))
                        .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
            }
            if (next.due.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.due));
            }
            next.body.run();
        }
        clock.advance(Duration.between(clock.instant(), end));
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }
}
