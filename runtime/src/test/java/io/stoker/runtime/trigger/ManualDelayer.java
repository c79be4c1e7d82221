package io.stoker.runtime.trigger;

import io.stoker.runtime.testing.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Delayer} on a {@link ManualClock}: tasks run only inside {@link #advance}, in due order. */
final class ManualDelayer implements Delayer {

    private record Task(Instant due, long order, Runnable body) {}

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private long sequence;

    ManualDelayer(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        delays.add(delay);
        tasks.add(new Task(clock.instant().plus(delay), sequence++, task));
    }

    /** Moves the clock forward and runs every task that falls due. */
    void advance(Duration by) {
        Instant end = clock.instant().plus(by);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due().isAfter(end))
                        .min(Comparator.comparing(Task::due).thenComparingLong(Task::order)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
            }
            if (next.due().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.due()));
            }
            next.body().run();
        }
        clock.advance(Duration.between(clock.instant(), end));
    }

    synchronized int pending() {
        return tasks.size();
    }

    /** Every delay asked for so far, in order. */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
