package io.stoker.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The ticks of one function's schedules as they lie on the async topic: each fired tick is one async call written
 * there (its CloudEvent in the call's {@code h:ce-*} headers), whichever gateway fired it and whichever runs it.
 * What the schedule tests read to tell a tick fired twice from one fired once, and gaps from steady ticks.
 */
final class FiredTicks {

    /** A fired tick: the schedule's id, the scheduled time ({@code ce-time}), whether it is a catch-up tick. */
    record Fired(String schedule, Instant scheduled, boolean catchUp, String callId) {}

    final List<Fired> all;

    private FiredTicks(List<Fired> all) {
        this.all = all;
    }

    /** The ticks of {@code function}'s schedules among records of the async topic. */
    static FiredTicks of(String function, List<ConsumerRecord<String, String>> records) {
        List<Fired> out = new ArrayList<>();
        String source = "/stoker/schedules/" + function + "/";
        for (ConsumerRecord<String, String> r : records) {
            if (!function.equals(header(r, "stoker-function")) || !"SCHEDULE".equals(header(r, "stoker-trigger"))) {
                continue;
            }
            String ceSource = header(r, "h:ce-source");
            if (ceSource == null || !ceSource.startsWith(source)) {
                throw new AssertionError("a schedule call without its CloudEvent source: " + r);
            }
            out.add(new Fired(ceSource.substring(source.length()), Instant.parse(header(r, "h:ce-time")),
                    "true".equals(header(r, "h:ce-stokercatchup")), r.key()));
        }
        return new FiredTicks(List.copyOf(out));
    }

    /** "schedule@time" of every tick written more than once, with how often. */
    Map<String, Long> firedTwice() {
        return all.stream().collect(Collectors.groupingBy(f -> f.schedule() + "@" + f.scheduled(), TreeMap::new,
                        Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, TreeMap::new));
    }

    /** One schedule's ticks, oldest scheduled time first. */
    List<Fired> of(String schedule) {
        return all.stream().filter(f -> f.schedule().equals(schedule)).sorted(Comparator.comparing(Fired::scheduled))
                .toList();
    }

    /** One schedule's scheduled times in [from, to], oldest first, catch-up ticks left out. */
    List<Instant> onTime(String schedule, Instant from, Instant to) {
        return of(schedule).stream().filter(f -> !f.catchUp()).map(Fired::scheduled)
                .filter(t -> !t.isBefore(from) && !t.isAfter(to)).toList();
    }

    /** The steps between consecutive times that are not {@code period} (a tick left out, or one twice). */
    static List<String> irregular(List<Instant> times, Duration period) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            Duration step = Duration.between(times.get(i - 1), times.get(i));
            if (!step.equals(period)) {
                out.add(times.get(i - 1) + " -> " + times.get(i) + " (" + step + ")");
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
