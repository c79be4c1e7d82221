package io.stoker.runtime.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** When a schedule's ticks fall: each tick is an instant, and {@link #next} finds the first one after a time. */
public interface ScheduleTimes {

    /** {@code @hourly}-style names, as five-field cron (the names of Vixie cron and robfig/cron). */
    Map<String, String> NAMES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    /** The shortest {@code @every} interval. */
    Duration MIN_EVERY = Duration.ofSeconds(1);

    /** The first tick strictly after {@code after}; empty if there is none (a cron that can never match again). */
    Optional<Instant> next(Instant after);

    /**
     * Reads a schedule expression: five-field cron, a name from {@link #NAMES}, or {@code @every <duration>}
     * ({@code 10s}, {@code 5m}, {@code 1h}).
     *
     * @throws IllegalArgumentException saying what is wrong, for a person
     */
    static ScheduleTimes parse(String expression, ZoneId zone, java.util.function.Function<String, Duration> durations) {
        String text = expression.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@every")) {
            String rest = text.substring("@every".length()).trim();
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("'@every' needs a duration, e.g. '@every 10s'");
            }
            return new EveryTimes(durations.apply(rest));
        }
        if (lower.startsWith("@")) {
            String cron = NAMES.get(lower);
            if (cron == null) {
                throw new IllegalArgumentException("'" + text + "' is not one of @every <duration>, "
                        + String.join(", ", new java.util.TreeSet<>(NAMES.keySet())));
            }
            return CronTimes.parse(cron, zone);
        }
        return CronTimes.parse(text, zone);
    }
}
