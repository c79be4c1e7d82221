package io.stoker.runtime.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Short calls seen by the autoscaler: 2,000 calls/s of 1 ms each are a concurrency of 2, on virtual time. The old
 * input, calls in flight sampled once a second, saw nothing when the samples fell between calls.
 */
class AutoscalerShortCallsTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final Instant START = LoadRun.START;
    /** One concurrent call per instance, so demand in calls is the instance count. */
    private static final AutoscalerSettings ONE_PER_INSTANCE = new AutoscalerSettings(1.0, Duration.ofSeconds(60),
            Duration.ofSeconds(6), 2.0, Duration.ofSeconds(30), 2.0, 100, 0, 10);

    /**
     * Each second from 1 s to 61 s: for the first 100 ms, 20 calls of 1 ms start every millisecond (2,000 calls),
     * then nothing for 900 ms, so a tick at the half second never finds one in flight.
     */
    private static CallTimeline bursts() {
        CallTimeline calls = new CallTimeline();
        for (long s = 1; s <= 61; s++) {
            for (long k = 0; k < 100; k++) {
                for (int lane = 0; lane < 20; lane++) {
                    calls.call(s * S + k * MS, MS);
                }
            }
        }
        return calls;
    }

    @Test
    void twoThousandCallsASecondOfOneMillisecondAreAConcurrencyOfTwo() {
        CallTimeline calls = bursts();
        assertThat(calls.size()).isEqualTo(61 * 2_000);
        ConcurrencyMeter meter = new ConcurrencyMeter();
        Autoscaler scaler = new Autoscaler(ONE_PER_INSTANCE);
        int ready = 0;
        meter.read(calls.busyNanos(S / 2), S / 2, calls.inFlight(S / 2)); // primed before the load

        for (long s = 1; s <= 60; s++) {
            long tick = s * S + S / 2;
            assertThat(calls.inFlight(tick)).as("in flight at the tick, t=%d.5 s", s).isZero();
            double concurrency = meter.read(calls.busyNanos(tick), tick, calls.inFlight(tick));
            assertThat(concurrency).as("t=%d.5 s", s).isCloseTo(2.0, within(1e-9));

            Decision d = scaler.decide(START.plusNanos(tick), Observation.of(ready, concurrency, 0));
            assertThat(d.desired()).as("t=%d.5 s: %s", s, d.reason()).isGreaterThanOrEqualTo(2);
            ready = d.desired();
        }
        assertThat(ready).isEqualTo(2);
    }

    @Test
    void theSampledInFlightCountSawNoneOfThem() {
        CallTimeline calls = bursts();
        Autoscaler scaler = new Autoscaler(ONE_PER_INSTANCE);
        int ready = 0;
        for (long s = 1; s <= 60; s++) {
            long tick = s * S + S / 2;
            int sampled = calls.inFlight(tick);
            Decision d = scaler.decide(START.plusNanos(tick), Observation.of(ready, sampled, 0));
            assertThat(d.desired()).as("t=%d.5 s", s).isZero();
            ready = d.desired();
        }
    }

    @Test
    void randomArrivalsAtTheSameRateAverageTwoToo() {
        // Poisson arrivals, 2,000 a second, 1 ms each, for 30 s; ticks on whole seconds.
        SplittableRandom random = new SplittableRandom(42);
        CallTimeline calls = new CallTimeline();
        double at = 0;
        while (at < 30.0 * S) {
            at += -Math.log(1 - random.nextDouble()) * (S / 2_000.0);
            calls.call((long) at, MS);
        }
        ConcurrencyMeter meter = new ConcurrencyMeter();
        Autoscaler scaler = new Autoscaler(ONE_PER_INSTANCE);
        meter.read(0, 0, 0);
        int ready = 0;
        int ticksSeeingNone = 0;
        for (long s = 1; s < 30; s++) {
            double concurrency = meter.read(calls.busyNanos(s * S), s * S, calls.inFlight(s * S));
            assertThat(concurrency).as("t=%d s", s).isBetween(1.8, 2.2);
            ticksSeeingNone += calls.inFlight(s * S) == 0 ? 1 : 0;
            Decision d = scaler.decide(START.plusSeconds(s), Observation.of(ready, concurrency, 0));
            ready = d.desired();
        }
        assertThat(ready).isBetween(2, 3);
        // For scale: P(none in flight) = e^-2, so a sampled count reads 0 at about one tick in seven.
        System.out.println("ticks whose in-flight sample was 0: " + ticksSeeingNone + " of 29");
    }
}
