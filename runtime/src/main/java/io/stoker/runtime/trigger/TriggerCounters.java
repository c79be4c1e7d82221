package io.stoker.runtime.trigger;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of a runner: written on the poll thread, read by anyone. */
final class TriggerCounters {

    /** A failure and when it was seen, so a reader can tell an old one from a current one. */
    record Failure(String text, Instant at) {}

    final AtomicLong received = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    /** Calls made again after a platform fault (a lost instance, an engine away), which used no attempt. */
    final AtomicLong platformRetried = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    private final Clock clock;
    private volatile Failure lastError;

    TriggerCounters(Clock clock) {
        this.clock = clock;
    }

    /** Remembers this as the last failure seen, stamped with the clock's time. */
    void failed(String text) {
        lastError = new Failure(text, clock.instant());
    }

    /** The last failure seen, or null. */
    Failure lastError() {
        return lastError;
    }
}
