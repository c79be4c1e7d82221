package io.stoker.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control pass on virtual ticks, with fake pools and a fake Kafka side. */
class ControlPassTest {

    private static final long S = 1_000_000_000L;
    private static final Tick T0 = new Tick(Instant.parse("2025-01-01T00:00:00Z"), 7 * S);

    private final List<String> log = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Autoscaling autoscaling = new Autoscaling(meters);
    private final RecordingTriggers triggers = new RecordingTriggers(log);
    private final List<FakeFunction> functions = new ArrayList<>();
    private final ControlPass pass = new ControlPass(() -> List.copyOf(functions), triggers, autoscaling);

    private FakeFunction function(String name) {
        FakeFunction fn = new FakeFunction(name, log);
        functions.add(fn);
        return fn;
    }

    @Test
    void onePassRefreshesTheLagThenScalesAndReapsEachFunctionThenPublishesAtTheTicksTime() {
        function("a").ready = 1;
        function("b").ready = 1;
        pass.tick(T0);
        assertThat(log).containsExactly("refresh lag",
                "busy a", "desired a=1", "reap a",
                "busy b", "desired b=1", "reap b",
                "publish at " + T0.at());
    }

    @Test
    void shortCallsBetweenTicksAreSeenThroughTheBusyTime() {
        // 2,000 calls of 1 ms each per second: 2 s of call-time per second, and none in flight at any tick.
        FakeFunction fn = function("short");
        pass.tick(T0);
        for (int s = 1; s <= 10; s++) {
            fn.busyNanos += 2 * S;
            fn.ready = fn.lastDesired();
            pass.tick(T0.plusNanos(s * S));
            // The first tick had no interval yet and saw 0 in flight: its 0 weighs in the averages for a moment.
            assertThat(fn.lastDesired()).as("t=%d s", s).isEqualTo(s == 1 ? 1 : 2);
        }
        assertThat(autoscaling.lastDecision("short").stableAverage()).isGreaterThan(1.5);
        assertThat(meters.get("stoker.autoscaler.concurrency").tag("function", "short").gauge().value())
                .isEqualTo(2.0);
        assertThat(meters.get("stoker.autoscaler.desired").tag("function", "short").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void theFirstTickOfAPoolTakesItsCallsInFlightAndANewVersionStartsOver() {
        FakeFunction fn = function("f");
        fn.ready = 1;
        fn.inFlight = 3;
        fn.busyNanos = 500 * S; // whatever it served before the loop started: not this tick's load
        pass.tick(T0);
        assertThat(fn.lastDesired()).isEqualTo(3);

        fn.specHash = "v2"; // a deploy: a new pool, whose busy time starts at 0
        fn.busyNanos = 0;
        fn.inFlight = 0;
        fn.ready = 1;
        pass.tick(T0.plusNanos(S));
        assertThat(autoscaling.lastDecision("f").reason()).doesNotContain("panic");
        assertThat(fn.lastDesired()).as("a fresh autoscaler, not the old one's panic").isEqualTo(1);
        fn.busyNanos = 4 * S;
        pass.tick(T0.plusNanos(2 * S));
        assertThat(meters.get("stoker.autoscaler.concurrency").tag("function", "f").gauge().value()).isEqualTo(4.0);
        assertThat(fn.lastDesired()).as("windows of 0 and 4: 2, panicking").isEqualTo(2);
        assertThat(autoscaling.lastDecision("f").panicking()).isTrue();
    }

    @Test
    void kafkaLagIsDemand() {
        FakeFunction fn = function("consumer");
        triggers.lag.put("consumer", 500L); // 100 records per instance
        pass.tick(T0);
        assertThat(fn.lastDesired()).isEqualTo(5);
    }

    @Test
    void aFailingFunctionOrKafkaStepStopsNothingElse() {
        FakeFunction broken = function("a");
        FakeFunction fine = function("b");
        broken.failOnBusy = new IllegalStateException("pool gone strange");
        fine.failOnReap = new IllegalStateException("engine hiccup");
        triggers.failOnRefresh = new IllegalStateException("broker away");
        fine.inFlight = 2;
        fine.ready = 1;

        pass.tick(T0);

        assertThat(broken.desired).isEmpty();
        assertThat(broken.reaps).as("its reap is a step of its own").isEqualTo(1);
        assertThat(fine.desired).containsExactly(2);
        assertThat(fine.reaps).isEqualTo(1);
        assertThat(log).last().isEqualTo("publish at " + T0.at());
    }

    @Test
    void aDeletedFunctionLosesItsDecisionAndGaugesOnTheNextPass() {
        function("gone").ready = 1;
        pass.tick(T0);
        assertThat(autoscaling.lastDecision("gone")).isNotNull();
        assertThat(meters.find("stoker.autoscaler.panic").tag("function", "gone").gauge()).isNotNull();

        functions.clear();
        pass.tick(T0.plusNanos(S));
        assertThat(autoscaling.lastDecision("gone")).isNull();
        assertThat(meters.find("stoker.autoscaler.desired").gauges()).isEmpty();
        assertThat(meters.find("stoker.autoscaler.panic").gauges()).isEmpty();
        assertThat(meters.find("stoker.autoscaler.concurrency").gauges()).isEmpty();
    }
}
