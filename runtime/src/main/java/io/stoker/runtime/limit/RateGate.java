package io.stoker.runtime.limit;

import io.stoker.runtime.spec.FunctionSpec;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A function's rate limit as the generic cell rate algorithm (GCRA, the token bucket written as one time): each call
 * moves a "theoretical arrival time" on by one interval (1/rate); a call whose arrival time is more than
 * {@code burst - 1} intervals ahead of now is refused, and told how long until it would pass. One {@link AtomicLong}
 * holds the whole state, so a call takes no lock and allocates nothing.
 */
public final class RateGate {

    private final long intervalNanos;
    private final long toleranceNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong arrival;

    /**
     * @param nanoTime the time source ({@link System#nanoTime} in production, virtual in tests)
     */
    public RateGate(FunctionSpec.RateLimit limit, LongSupplier nanoTime) {
        this.intervalNanos = Math.max(1, Math.round(1e9 / limit.perSecond()));
        this.toleranceNanos = intervalNanos * (limit.burst() - 1L);
        this.nanoTime = nanoTime;
        this.arrival = new AtomicLong(nanoTime.getAsLong());
    }

    /** The gate of {@code limit}, or null when there is none (every call passes). */
    public static RateGate of(FunctionSpec.RateLimit limit, LongSupplier nanoTime) {
        return limit == null ? null : new RateGate(limit, nanoTime);
    }

    /** Lets one call through (0), or returns the nanoseconds until one would pass, taking nothing. */
    public long tryPass() {
        long now = nanoTime.getAsLong();
        while (true) {
            long seen = arrival.get();
            long from = Math.max(seen, now);
            long early = from - now - toleranceNanos;
            if (early > 0) {
                return early;
            }
            if (arrival.compareAndSet(seen, from + intervalNanos)) {
                return 0;
            }
        }
    }
}
