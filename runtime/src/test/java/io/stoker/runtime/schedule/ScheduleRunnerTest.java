package io.stoker.runtime.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.pool.ManualTimer;
import io.stoker.runtime.spec.ScheduleTrigger;
import io.stoker.runtime.spec.ScheduleTrigger.Missed;
import io.stoker.runtime.spec.ScheduleTrigger.Overlap;
import io.stoker.runtime.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** A schedule's runner on virtual time: {@code @every 1s}, overlap, missed ticks after an outage, memory. */
class ScheduleRunnerTest {

    private static final Instant T0 = Instant.parse("2026-05-13T10:00:00Z");
    private static final Duration LATENESS = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(T0.plusMillis(300));
    private final ManualTimer timer = new ManualTimer(clock);
    private final FakePorts ports = new FakePorts();

    /** Calls made, calls still running, the memory, and the counts. */
    static final class FakePorts implements TickPorts {
        final List<Tick> fired = new ArrayList<>();
        final Set<String> running = new HashSet<>();
        final Map<String, LastTick> memory = new HashMap<>();
        final Map<TickOutcome, Integer> counts = new EnumMap<>(TickOutcome.class);
        boolean callsEndAtOnce = true;
        boolean memoryAway;
        CompletableFuture<String> pending;

        @Override
        public CompletionStage<String> fire(String function, ScheduleTrigger schedule, Tick tick) {
            fired.add(tick);
            String id = "call-" + fired.size();
            if (!callsEndAtOnce) {
                running.add(id);
            }
            if (pending != null) {
                return pending;
            }
            return CompletableFuture.completedFuture(id);
        }

        @Override
        public boolean running(String callId) {
            return running.contains(callId);
        }

        @Override
        public void claim(String key, LastTick last) {
            if (memoryAway) {
                throw new IllegalStateException("broker away");
            }
            memory.put(key, last);
        }

        @Override
        public void note(String key, LastTick last) {
            memory.put(key, last);
        }

        @Override
        public void count(String function, TickOutcome outcome, int ticks) {
            counts.merge(outcome, ticks, Integer::sum);
        }

        int count(TickOutcome outcome) {
            return counts.getOrDefault(outcome, 0);
        }
    }

    private static ScheduleTrigger every(String cron, Overlap overlap, Missed missed) {
        return new ScheduleTrigger(cron, ZoneId.of("UTC"), "/tick", "", overlap, missed);
    }

    private ScheduleRunner runner(ScheduleTrigger s, LastTick last) {
        ScheduleTimes times = ScheduleTimesTest.times(s.cron(), s.timezone());
        return new ScheduleRunner("fn", s, times, last, clock, timer, LATENESS, ports);
    }

    private static List<Instant> times(List<Tick> ticks) {
        return ticks.stream().map(Tick::scheduled).toList();
    }

    @Test
    void everySecondFiresEachTickOnceAtItsTime() {
        ScheduleRunner r = runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), null);
        r.start();
        timer.advance(Duration.ofMillis(5_000));
        assertThat(times(ports.fired)).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3),
                T0.plusSeconds(4), T0.plusSeconds(5));
        assertThat(ports.count(TickOutcome.FIRED)).isEqualTo(5);
        assertThat(ports.memory.get(r.key())).isEqualTo(new LastTick(T0.plusSeconds(5), "call-5"));
        assertThat(r.status().next()).isEqualTo(T0.plusSeconds(6));
        assertThat(r.status().lastOutcome()).isEqualTo(TickOutcome.FIRED);
        assertThat(r.status().lastCallId()).isEqualTo("call-5");
    }

    @Test
    void overlapSkipSkipsTicksWhileThePreviousCallRunsAndAllowDoesNot() {
        ports.callsEndAtOnce = false;
        ScheduleRunner skip = runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), null);
        skip.start();
        timer.advance(Duration.ofMillis(3_000)); // tick 1 fires and keeps running; 2 and 3 are skipped
        assertThat(times(ports.fired)).containsExactly(T0.plusSeconds(1));
        assertThat(ports.count(TickOutcome.SKIPPED)).isEqualTo(2);
        assertThat(skip.status().lastOutcome()).isEqualTo(TickOutcome.SKIPPED);
        ports.running.clear(); // the call ends
        timer.advance(Duration.ofSeconds(1));
        assertThat(times(ports.fired)).containsExactly(T0.plusSeconds(1), T0.plusSeconds(4));
        skip.stop();

        ports.fired.clear();
        ScheduleRunner allow = runner(every("@every 1s", Overlap.ALLOW, Missed.SKIP), null);
        allow.start();
        timer.advance(Duration.ofSeconds(3));
        assertThat(ports.fired).hasSize(3);
    }

    @Test
    void aTickWhoseCallIsNotYetDurableOverlapsTheNext() {
        ports.pending = new CompletableFuture<>();
        ScheduleRunner r = runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), null);
        r.start();
        timer.advance(Duration.ofSeconds(2));
        assertThat(ports.fired).hasSize(1);
        assertThat(ports.count(TickOutcome.SKIPPED)).isEqualTo(1);
        ports.pending.complete("late-id");
        ports.pending = null;
        timer.advance(Duration.ofSeconds(1));
        assertThat(ports.fired).hasSize(2);
        assertThat(ports.memory.get(r.key()).callId()).isEqualTo("call-2");
    }

    @Test
    void afterAnOutageMissedSkipFiresNothingFromBeforeAndOnceFiresOneCatchUp() {
        // Last tick handled 10:00:00; back at 10:00:30.3 with a one-minute schedule: 10:00:30 is not a tick, so
        // only what was missed is in question.
        ScheduleTrigger skip = every("* * * * *", Overlap.SKIP, Missed.SKIP);
        LastTick last = new LastTick(T0.minus(Duration.ofMinutes(3)), "old");
        clock.advance(Duration.ofSeconds(30));
        ScheduleRunner skipping = runner(skip, last);
        skipping.start();
        timer.advance(Duration.ZERO);
        assertThat(ports.fired).isEmpty();
        assertThat(ports.count(TickOutcome.MISSED)).isEqualTo(3); // 09:58, 09:59, 10:00
        skipping.stop();

        ScheduleTrigger once = every("* * * * *", Overlap.SKIP, Missed.ONCE);
        ScheduleRunner r = runner(once, last);
        r.start();
        timer.advance(Duration.ZERO);
        assertThat(ports.fired).containsExactly(new Tick(T0, true));
        assertThat(r.status().next()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        timer.advance(Duration.ofSeconds(30));
        assertThat(times(ports.fired)).containsExactly(T0, T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void everySecondAfterAnOutageCatchesUpOnceBesidesTheOnTimeTick() {
        LastTick last = new LastTick(T0, "old");
        clock.advance(Duration.ofSeconds(30)); // 10:00:30.3: ticks 1..30 due, 21..30 on time
        ScheduleRunner r = runner(every("@every 1s", Overlap.ALLOW, Missed.ONCE), last);
        r.start();
        timer.advance(Duration.ZERO);
        assertThat(ports.fired).containsExactly(new Tick(T0.plusSeconds(20), true), new Tick(T0.plusSeconds(30), false));
    }

    @Test
    void withOverlapSkipTheOnTimeTickWaitsForTheCatchUpThatStillRuns() {
        ports.callsEndAtOnce = false;
        clock.advance(Duration.ofSeconds(30));
        runner(every("@every 1s", Overlap.SKIP, Missed.ONCE), new LastTick(T0, "old")).start();
        timer.advance(Duration.ZERO);
        assertThat(ports.fired).containsExactly(new Tick(T0.plusSeconds(20), true));
        assertThat(ports.count(TickOutcome.SKIPPED)).isEqualTo(1);
    }

    @Test
    void theLastCallOfTheMemoryStillRunningSkipsTheFirstTick() {
        ports.running.add("from-another-gateway");
        runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), new LastTick(T0, "from-another-gateway")).start();
        timer.advance(Duration.ofSeconds(1));
        assertThat(ports.fired).isEmpty();
        ports.running.clear();
        timer.advance(Duration.ofSeconds(1));
        assertThat(ports.fired).hasSize(1);
    }

    @Test
    void aLastTickAheadOfThisClockIsNotFiredAgain() {
        // Another gateway, its clock 3 s ahead, fired 10:00:03 already.
        runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), new LastTick(T0.plusSeconds(3), "ahead")).start();
        timer.advance(Duration.ofSeconds(4));
        assertThat(times(ports.fired)).containsExactly(T0.plusSeconds(4));
    }

    @Test
    void aTickThatCannotBeRememberedIsNotFired() {
        ports.memoryAway = true;
        runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), null).start();
        timer.advance(Duration.ofSeconds(2));
        assertThat(ports.fired).isEmpty();
        assertThat(ports.count(TickOutcome.FAILED)).isEqualTo(2);
        ports.memoryAway = false;
        timer.advance(Duration.ofSeconds(1));
        assertThat(ports.fired).hasSize(1);
    }

    @Test
    void aCallThatIsNotAcceptedCountsAsFailedAndTheScheduleGoesOn() {
        ports.pending = CompletableFuture.failedFuture(new IllegalStateException("broker away"));
        ScheduleRunner r = runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), null);
        r.start();
        timer.advance(Duration.ofSeconds(2));
        assertThat(ports.count(TickOutcome.FAILED)).isEqualTo(2);
        assertThat(r.status().lastOutcome()).isEqualTo(TickOutcome.FAILED);
        assertThat(r.status().next()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void aStoppedRunnerFiresNoMore() {
        ScheduleRunner r = runner(every("@every 1s", Overlap.SKIP, Missed.SKIP), null);
        r.start();
        timer.advance(Duration.ofSeconds(2));
        r.stop();
        timer.advance(Duration.ofSeconds(5));
        assertThat(ports.fired).hasSize(2);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void aTimeZonesScheduleFiresAcrossTheSpringChangeOnVirtualTime() {
        // 29 March 2026, Paris, 01:59:59 CET: the 02:30 tick of that day fires at 03:00 CEST, one second of real
        // time later than 01:59:59 plus the gap.
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-03-29T00:59:59Z")));
        ScheduleTrigger daily = new ScheduleTrigger("30 2 * * *", ZoneId.of("Europe/Paris"), "/", "", Overlap.SKIP,
                Missed.SKIP);
        runner(daily, null).start();
        timer.advance(Duration.ofSeconds(1));
        assertThat(times(ports.fired)).containsExactly(Instant.parse("2026-03-29T01:00:00Z"));
        timer.advance(Duration.ofDays(1));
        assertThat(times(ports.fired)).containsExactly(Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"));
    }
}
