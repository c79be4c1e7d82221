package io.stoker.runtime.trigger;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a runner: written on the poll thread, read by anyone. */
final class TriggerCounters {

    final AtomicLong received = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    volatile String lastError;
}
