package io.stoker.gateway.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of time for a whole control pass, in the two forms its parts need.
 *
 * @param at for the autoscaler's windows and the trigger status events
 * @param nanos on the time source of {@code FunctionPool.busyNanos()}, to divide busy time by
 */
public record Tick(Instant at, long nanos) {

    public Tick {
        Objects.requireNonNull(at, "at");
    }

    /** The same reading {@code nanos} later. */
    public Tick plusNanos(long nanos) {
        return new Tick(at.plusNanos(nanos), this.nanos + nanos);
    }
}
