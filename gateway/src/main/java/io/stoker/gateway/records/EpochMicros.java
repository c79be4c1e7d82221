package io.stoker.gateway.records;

import java.time.Clock;
import java.time.Instant;

/**
 * Epoch microseconds from {@link System#nanoTime} readings, so a call's record takes the times the call path reads
 * anyway and makes no {@code Instant}. The offset between the two time lines comes from the injected clock and is
 * taken again now and then ({@link #resync}, by the record writer), so the wall clock's adjustments reach it.
 */
public final class EpochMicros {

    private static final long RESYNC_NANOS = 1_000_000_000L;

    private final Clock clock;
    /** Epoch microseconds at nanoTime 0. */
    private volatile long offset;
    /** When the offset was taken, on nanoTime. */
    private volatile long syncedAt;

    public EpochMicros(Clock clock) {
        this.clock = clock;
        resync();
    }

    /** The epoch microseconds of a {@link System#nanoTime} reading. */
    public long of(long nanoTime) {
        if (nanoTime - syncedAt > RESYNC_NANOS) {
            resync(); // two threads may both take it: the same offset, harmless
        }
        return offset + nanoTime / 1000;
    }

    /** Now, in epoch microseconds. */
    public long now() {
        return of(System.nanoTime());
    }

    private void resync() {
        long nanos = System.nanoTime();
        Instant now = clock.instant();
        offset = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - nanos / 1000;
        syncedAt = nanos;
    }
}
