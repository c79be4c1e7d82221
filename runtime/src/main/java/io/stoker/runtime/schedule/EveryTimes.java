package io.stoker.runtime.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code @every <duration>}: ticks at whole multiples of the interval since the epoch. Aligned that way, every
 * gateway (and a gateway after a restart) agrees on when the ticks fall, which the missed-tick memory needs; the
 * time zone plays no part.
 */
final class EveryTimes implements ScheduleTimes {

    private final long intervalNanos;

    EveryTimes(Duration interval) {
        if (interval.compareTo(MIN_EVERY) < 0) {
            throw new IllegalArgumentException("@every must be at least " + MIN_EVERY.toSeconds() + "s");
        }
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public Optional<Instant> next(Instant after) {
        long sinceEpoch = after.getEpochSecond() * 1_000_000_000L + after.getNano();
        long ticks = Math.floorDiv(sinceEpoch, intervalNanos) + 1;
        long at = ticks * intervalNanos;
        return Optional.of(Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000_000L), Math.floorMod(at, 1_000_000_000L)));
    }
}
