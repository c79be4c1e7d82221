package io.stoker.runtime.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * Five-field UNIX cron read by cron-utils, on the wall clock of a time zone.
 *
 * <p>Daylight saving: when the clocks go back, a local time that happens twice fires once (the first time), and
 * fields written with a step or a star ({@code *}/15, {@code 0 *}) go on by real time through the repeated hour;
 * cron-utils does both. When the clocks go forward, cron-utils would skip a local time that does not exist that
 * day (02:30 in Paris on the last Sunday of March), so a daily job would not run at all; like Vixie cron, such a
 * tick fires once, at the first instant after the gap (03:00 there).
 */
final class CronTimes implements ScheduleTimes {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime execution;
    private final ZoneId zone;
    private final ZoneRules rules;

    private CronTimes(ExecutionTime execution, ZoneId zone) {
        this.execution = execution;
        this.zone = zone;
        this.rules = zone.getRules();
    }

    static CronTimes parse(String cron, ZoneId zone) {
        CronTimes times;
        try {
            times = new CronTimes(ExecutionTime.forCron(PARSER.parse(cron)), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a five-field cron expression (minute hour "
                    + "day-of-month month day-of-week, e.g. '*/5 * * * *'): " + e.getMessage());
        }
        if (times.next(Instant.EPOCH).isEmpty()) {
            throw new IllegalArgumentException("'" + cron + "' never matches a date (e.g. 30 February)");
        }
        return times;
    }

    @Override
    public Optional<Instant> next(Instant after) {
        Optional<Instant> regular = execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
        // A gap (clocks forward) between now and the regular next tick may hide a tick cron-utils skipped.
        ZoneOffsetTransition t = rules.nextTransition(after);
        while (t != null && (regular.isEmpty() || t.getInstant().isBefore(regular.get()))
                && t.getInstant().isBefore(after.plus(400, ChronoUnit.DAYS))) {
            if (t.isGap() && matchesInGap(t)) {
                return Optional.of(t.getInstant());
            }
            t = rules.nextTransition(t.getInstant());
        }
        return regular;
    }

    /** Whether a minute the gap skips (local times from before the jump up to after it) matches the cron. */
    private boolean matchesInGap(ZoneOffsetTransition gap) {
        LocalDateTime local = gap.getDateTimeBefore();
        LocalDateTime end = gap.getDateTimeAfter();
        for (; local.isBefore(end); local = local.plusMinutes(1)) {
            // With the offset from before the gap the local time exists, so cron-utils reads its fields as written.
            if (execution.isMatch(ZonedDateTime.of(local, gap.getOffsetBefore()))) {
                return true;
            }
        }
        return false;
    }
}
