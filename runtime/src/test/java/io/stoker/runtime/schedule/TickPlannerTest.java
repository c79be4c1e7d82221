package io.stoker.runtime.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.ScheduleTrigger.Missed;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What a wake fires: on-time, late, and missed ticks under both policies. */
class TickPlannerTest {

    private static final Instant T0 = Instant.parse("2026-05-13T10:00:00Z");
    private static final ScheduleTimes EVERY_SECOND = ScheduleTimesTest.times("@every 1s", ZoneId.of("UTC"));
    private static final Duration LATENESS = Duration.ofSeconds(10);

    @Test
    void aWakeAtItsTickFiresItAndSaysWhenTheNextFalls() {
        TickPlanner.Wake w = TickPlanner.at(EVERY_SECOND, T0, T0.plusSeconds(1), Missed.SKIP, LATENESS);
        assertThat(w.fire()).containsExactly(new Tick(T0.plusSeconds(1), false));
        assertThat(w.missed()).isZero();
        assertThat(w.next()).contains(T0.plusSeconds(2));
    }

    @Test
    void aWakeBetweenTicksFiresNothing() {
        TickPlanner.Wake w = TickPlanner.at(EVERY_SECOND, T0, T0.plusMillis(400), Missed.ONCE, LATENESS);
        assertThat(w.fire()).isEmpty();
        assertThat(w.next()).contains(T0.plusSeconds(1));
    }

    @Test
    void aLateWakeFiresOnlyTheNewestOnTimeTick() {
        TickPlanner.Wake w = TickPlanner.at(EVERY_SECOND, T0, T0.plusMillis(3_200), Missed.SKIP, LATENESS);
        assertThat(w.fire()).containsExactly(new Tick(T0.plusSeconds(3), false));
        assertThat(w.missed()).isEqualTo(2);
    }

    @Test
    void ticksOlderThanTheLatenessAreMissedAndSkipFiresNoneOfThem() {
        // Down for a minute: ticks 1..60 due; 50..60 are within 10 s, so 60 fires on time.
        TickPlanner.Wake w = TickPlanner.at(EVERY_SECOND, T0, T0.plusSeconds(60), Missed.SKIP, LATENESS);
        assertThat(w.fire()).containsExactly(new Tick(T0.plusSeconds(60), false));
        assertThat(w.missed()).isEqualTo(59);
    }

    @Test
    void onceFiresOneCatchUpStampedWithTheNewestMissedTick() {
        TickPlanner.Wake w = TickPlanner.at(EVERY_SECOND, T0, T0.plusSeconds(60), Missed.ONCE, LATENESS);
        assertThat(w.fire()).containsExactly(new Tick(T0.plusSeconds(49), true), new Tick(T0.plusSeconds(60), false));
        assertThat(w.missed()).isEqualTo(58);
    }

    @Test
    void aCronTickMissedWhileDownCatchesUpOnlyWithOnce() {
        ScheduleTimes fiveMinutes = ScheduleTimesTest.times("*/5 * * * *", ZoneId.of("Europe/Paris"));
        Instant back = T0.plus(Duration.ofMinutes(7)); // down 10:00-10:07: the 10:05 tick was missed
        assertThat(TickPlanner.at(fiveMinutes, T0, back, Missed.SKIP, LATENESS).fire()).isEmpty();
        TickPlanner.Wake once = TickPlanner.at(fiveMinutes, T0, back, Missed.ONCE, LATENESS);
        assertThat(once.fire()).containsExactly(new Tick(T0.plus(Duration.ofMinutes(5)), true));
        assertThat(once.missed()).isZero();
        assertThat(once.next()).contains(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aVeryLongOutageIsCountedUpToTheCapAndTheNewestMissedTickIsStillFound() {
        Instant back = T0.plus(Duration.ofDays(30));
        TickPlanner.Wake w = TickPlanner.at(EVERY_SECOND, T0, back, Missed.ONCE, LATENESS);
        assertThat(w.fire()).containsExactly(new Tick(back.minusSeconds(11), true), new Tick(back, false));
        assertThat(w.missed()).isBetween(TickPlanner.COUNT_CAP, TickPlanner.COUNT_CAP + 20);
        ScheduleTimes monthly = ScheduleTimesTest.times("@monthly", ZoneId.of("UTC"));
        TickPlanner.Wake years = TickPlanner.at(monthly, Instant.parse("1930-01-15T00:00:00Z"), back, Missed.ONCE, LATENESS);
        assertThat(years.fire()).containsExactly(new Tick(Instant.parse("2026-06-01T00:00:00Z"), true));
    }
}
