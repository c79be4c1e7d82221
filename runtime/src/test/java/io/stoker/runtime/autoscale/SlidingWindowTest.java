package io.stoker.runtime.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final SlidingWindow window = new SlidingWindow(Duration.ofSeconds(6), Duration.ofSeconds(1));

    @Test
    void emptyWindowAveragesZero() {
        assertThat(window.average(T0)).isZero();
        assertThat(window.isEmpty(T0)).isTrue();
    }

    @Test
    void averagesTheBucketMeans() {
        window.record(T0, 10);
        window.record(T0.plusMillis(500), 20); // same bucket: its mean is 15
        window.record(T0.plusSeconds(1), 3);
        assertThat(window.average(T0.plusSeconds(1))).isCloseTo(9.0, within(1e-9));
    }

    @Test
    void bucketsOlderThanTheWindowDropOut() {
        for (int s = 0; s < 6; s++) {
            window.record(T0.plusSeconds(s), s < 3 ? 100 : 10);
        }
        assertThat(window.average(T0.plusSeconds(5))).isCloseTo(55.0, within(1e-9));
        // At 8 s the window is buckets 3..8: only the three 10s remain.
        assertThat(window.average(T0.plusSeconds(8))).isCloseTo(10.0, within(1e-9));
        window.record(T0.plusSeconds(8), 40);
        assertThat(window.average(T0.plusSeconds(8))).isCloseTo(17.5, within(1e-9));
        assertThat(window.isEmpty(T0.plusSeconds(13))).isFalse();
        assertThat(window.isEmpty(T0.plusSeconds(14))).isTrue();
        assertThat(window.average(T0.plusSeconds(14))).isZero();
    }

    @Test
    void missingBucketsDoNotCountAsZero() {
        window.record(T0, 12);
        window.record(T0.plusSeconds(4), 12);
        assertThat(window.average(T0.plusSeconds(4))).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void aSteppedBackClockFoldsIntoTheNewestBucket() {
        window.record(T0.plusSeconds(5), 10);
        window.record(T0.plusSeconds(2), 30);
        assertThat(window.average(T0.plusSeconds(5))).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void windowRoundsUpToWholeBuckets() {
        SlidingWindow w = new SlidingWindow(Duration.ofMillis(2500), Duration.ofSeconds(1));
        w.record(T0, 9);
        assertThat(w.average(T0.plusSeconds(2))).isEqualTo(9.0);
        assertThat(w.average(T0.plusSeconds(3))).isZero();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new SlidingWindow(Duration.ofSeconds(6), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("granularity");
        assertThatThrownBy(() -> new SlidingWindow(Duration.ofMillis(500), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> window.record(T0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }
}
