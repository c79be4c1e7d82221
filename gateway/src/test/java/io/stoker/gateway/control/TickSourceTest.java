package io.stoker.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TickSourceTest {

    @Test
    void eachTickIsOneReadOfTheNanoSourceItsInstantCountedFromTheClockAtTheStart() {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        AtomicLong nanos = new AtomicLong(123_456_789L);
        AtomicLong reads = new AtomicLong();
        TickSource source = new TickSource(Clock.fixed(start, ZoneOffset.UTC), () -> {
            reads.incrementAndGet();
            return nanos.get();
        });
        nanos.addAndGet(1_500_000_000L);
        reads.set(0);

        Tick tick = source.now();

        assertThat(reads).hasValue(1);
        assertThat(tick.nanos()).isEqualTo(1_623_456_789L);
        assertThat(tick.at()).isEqualTo(start.plusMillis(1_500));
        // The wall clock (fixed here) is not read again: its steps never reach the ticks.
        nanos.addAndGet(1_000_000_000L);
        assertThat(source.now().at()).isEqualTo(start.plusMillis(2_500));
    }
}
