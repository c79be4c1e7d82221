package io.stoker.gateway.control;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Makes each {@link Tick} from one read of a monotonic nanosecond time source (the pools' busy time is kept on
 * {@code System.nanoTime}), its instant counted from the clock's instant when this source was made. So the two forms
 * of a tick never disagree, and the autoscaler, which wants non-decreasing time, never sees the wall clock step
 * back. The instant drifts from the wall clock only by the steps the wall clock takes (the monotonic source is slewed
 * by NTP like it, but not stepped).
 */
final class TickSource {

    private final LongSupplier nanoTime;
    private final long originNanos;
    private final Instant originAt;

    TickSource(Clock clock, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.originNanos = nanoTime.getAsLong();
        this.originAt = clock.instant();
    }

    Tick now() {
        long nanos = nanoTime.getAsLong();
        return new Tick(originAt.plusNanos(nanos - originNanos), nanos);
    }
}
