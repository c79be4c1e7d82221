package io.stoker.runtime.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When ticks fall: cron in a time zone, through both daylight-saving changes; names; {@code @every}. */
class ScheduleTimesTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    static ScheduleTimes times(String expression, ZoneId zone) {
        return ScheduleTimes.parse(expression, zone, d -> Duration.parse("PT" + d.toUpperCase()));
    }

    /** The first {@code n} ticks after {@code from}, as local times with their offsets. */
    private static List<String> ticks(ScheduleTimes times, ZonedDateTime from, int n) {
        List<String> out = new ArrayList<>();
        Instant at = from.toInstant();
        for (int i = 0; i < n; i++) {
            at = times.next(at).orElseThrow();
            out.add(ZonedDateTime.ofInstant(at, from.getZone()).toOffsetDateTime().toString());
        }
        return out;
    }

    @Test
    void cronFieldsAreReadOnTheZonesWallClock() {
        ScheduleTimes nine = times("0 9 * * *", PARIS);
        Instant next = nine.next(Instant.parse("2026-07-01T00:00:00Z")).orElseThrow();
        assertThat(next).isEqualTo(Instant.parse("2026-07-01T07:00:00Z")); // 09:00 CEST
        assertThat(times("0 9 * * *", ZoneId.of("UTC")).next(Instant.parse("2026-07-01T00:00:00Z")))
                .contains(Instant.parse("2026-07-01T09:00:00Z"));
    }

    @Test
    void aDailyTickInTheSpringGapFiresOnceRightAfterIt() {
        // 29 March 2026, Paris: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that day.
        List<String> t = ticks(times("30 2 * * *", PARIS), ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, PARIS), 3);
        assertThat(t).containsExactly("2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00", "2026-03-31T02:30+02:00");
    }

    @Test
    void stepsGoOnByRealTimeAcrossTheSpringGap() {
        List<String> t = ticks(times("*/30 * * * *", PARIS), ZonedDateTime.of(2026, 3, 29, 1, 0, 0, 0, PARIS), 3);
        assertThat(t).containsExactly("2026-03-29T01:30+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:30+02:00");
    }

    @Test
    void aDailyTickInTheRepeatedAutumnHourFiresOnce() {
        // 25 October 2026, Paris: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        List<String> t = ticks(times("30 2 * * *", PARIS), ZonedDateTime.of(2026, 10, 24, 12, 0, 0, 0, PARIS), 2);
        assertThat(t).containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
    }

    @Test
    void stepsGoOnByRealTimeThroughTheRepeatedAutumnHour() {
        List<String> t = ticks(times("*/30 * * * *", PARIS), ZonedDateTime.of(2026, 10, 25, 1, 45, 0, 0, PARIS), 5);
        assertThat(t).containsExactly("2026-10-25T02:00+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:00+01:00",
                "2026-10-25T02:30+01:00", "2026-10-25T03:00+01:00");
    }

    @Test
    void hourlyStaysHourlyInRealTimeOverBothChanges() {
        ScheduleTimes hourly = times("@hourly", PARIS);
        for (ZonedDateTime day : List.of(ZonedDateTime.of(2026, 3, 28, 23, 0, 0, 0, PARIS),
                ZonedDateTime.of(2026, 10, 24, 23, 0, 0, 0, PARIS))) {
            Instant at = day.toInstant();
            for (int i = 0; i < 6; i++) {
                Instant next = hourly.next(at).orElseThrow();
                assertThat(Duration.between(at, next)).as("after %s", at).isEqualTo(Duration.ofHours(1));
                at = next;
            }
        }
    }

    @Test
    void namesAreTheirCron() {
        Instant from = Instant.parse("2026-05-13T10:15:00Z"); // a Wednesday
        assertThat(times("@daily", ZoneId.of("UTC")).next(from)).contains(Instant.parse("2026-05-14T00:00:00Z"));
        assertThat(times("@midnight", ZoneId.of("UTC")).next(from)).contains(Instant.parse("2026-05-14T00:00:00Z"));
        assertThat(times("@weekly", ZoneId.of("UTC")).next(from)).contains(Instant.parse("2026-05-17T00:00:00Z"));
        assertThat(times("@monthly", ZoneId.of("UTC")).next(from)).contains(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(times("@yearly", ZoneId.of("UTC")).next(from)).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(times("@HOURLY", ZoneId.of("UTC")).next(from)).contains(Instant.parse("2026-05-13T11:00:00Z"));
    }

    @Test
    void everyIsAlignedToTheEpochSoEveryGatewayAgrees() {
        ScheduleTimes every = times("@every 10s", PARIS);
        assertThat(every.next(Instant.parse("2026-05-13T10:15:03.5Z"))).contains(Instant.parse("2026-05-13T10:15:10Z"));
        assertThat(every.next(Instant.parse("2026-05-13T10:15:10Z"))).contains(Instant.parse("2026-05-13T10:15:20Z"));
        assertThatThrownBy(() -> times("@every 0s", PARIS)).hasMessageContaining("at least 1s");
    }

    @Test
    void dayOfWeekRangesAndListsWork() {
        ScheduleTimes weekdays = times("0 9 * * 1-5", ZoneId.of("UTC"));
        assertThat(weekdays.next(Instant.parse("2026-05-15T10:00:00Z"))) // Friday after nine
                .contains(Instant.parse("2026-05-18T09:00:00Z")); // Monday
    }
}
