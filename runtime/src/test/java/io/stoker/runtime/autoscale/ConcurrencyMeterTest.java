package io.stoker.runtime.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConcurrencyMeterTest {

    private static final long S = 1_000_000_000L;
    private final ConcurrencyMeter meter = new ConcurrencyMeter();

    @Test
    void firstReadHasNoIntervalAndTakesTheCallsInFlight() {
        assertThat(meter.read(123 * S, 1_000 * S, 3)).isEqualTo(3.0);
    }

    @Test
    void busyTimeGainedOverTimePassedIsTheConcurrency() {
        meter.read(10 * S, 100 * S, 0);
        assertThat(meter.read(10 * S + 2 * S, 101 * S, 0)).isCloseTo(2.0, within(1e-12));
        assertThat(meter.read(12 * S + S / 4, 101 * S + S / 2, 9)).as("half a second, a quarter busy")
                .isCloseTo(0.5, within(1e-12));
        assertThat(meter.read(12 * S + S / 4, 102 * S + S / 2, 9)).as("nothing gained: idle, whatever is in flight now")
                .isZero();
    }

    @Test
    void aReadAtTheSameMomentKeepsThePreviousAverage() {
        meter.read(0, 0, 0);
        assertThat(meter.read(3 * S, S, 0)).isCloseTo(3.0, within(1e-12));
        assertThat(meter.read(3 * S, S, 7)).isCloseTo(3.0, within(1e-12));
        // The interval still counts from the read that had one.
        assertThat(meter.read(4 * S, 2 * S, 0)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void busyTimeGoingBackwardsStartsOver() {
        meter.read(50 * S, 10 * S, 0);
        assertThat(meter.read(S, 11 * S, 4)).isEqualTo(4.0);
        assertThat(meter.read(2 * S, 12 * S, 0)).isCloseTo(1.0, within(1e-12));
    }
}
