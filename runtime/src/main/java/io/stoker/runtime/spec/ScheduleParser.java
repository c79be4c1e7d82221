package io.stoker.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.runtime.schedule.ScheduleTimes;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code triggers.schedule}; errors name the key ("triggers.schedule[0].cron"). */
final class ScheduleParser {

    private static final Set<String> KEYS = Set.of("cron", "timezone", "path", "body", "overlap", "missed");
    private static final int MAX_SCHEDULES = 32;
    private static final int MAX_BODY = 64 * 1024;

    private ScheduleParser() {}

    static List<ScheduleTrigger> parse(JsonNode schedules) {
        List<ScheduleTrigger> out = new ArrayList<>();
        if (schedules == null || schedules.isNull()) {
            return out;
        }
        if (!schedules.isArray()) {
            throw new SpecException("triggers.schedule", "must be a list of schedules, e.g. [{cron: \"*/5 * * * *\"}]");
        }
        if (schedules.size() > MAX_SCHEDULES) {
            throw new SpecException("triggers.schedule", "has " + schedules.size() + " schedules; at most " + MAX_SCHEDULES);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < schedules.size(); i++) {
            String key = "triggers.schedule[" + i + "]";
            ScheduleTrigger s = schedule(key, schedules.get(i));
            Integer before = seen.putIfAbsent(s.id(), i);
            if (before != null) {
                throw new SpecException(key, "fires the same call at the same times as triggers.schedule[" + before
                        + "]; remove one");
            }
            out.add(s);
        }
        return out;
    }

    private static ScheduleTrigger schedule(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new SpecException(key, "must be a mapping with at least 'cron'");
        }
        SpecParser.checkKeys(key + ".", node, KEYS);
        String cron = SpecParser.text(node, "cron", "", key + ".cron").trim();
        if (cron.isEmpty()) {
            throw new SpecException(key + ".cron", "is required: five-field cron ('*/5 * * * *'), a name such as "
                    + "'@hourly', or '@every 10s'");
        }
        ZoneId zone = zone(key + ".timezone", SpecParser.text(node, "timezone", ScheduleTrigger.DEFAULT_ZONE.getId(),
                key + ".timezone"));
        try {
            ScheduleTimes.parse(cron, zone, d -> Quantities.duration(key + ".cron", d));
        } catch (IllegalArgumentException e) {
            throw new SpecException(key + ".cron", e.getMessage());
        }
        String path = SpecParser.text(node, "path", "/", key + ".path");
        if (!path.startsWith("/")) {
            throw new SpecException(key + ".path", "must start with '/'");
        }
        String body = SpecParser.text(node, "body", "", key + ".body");
        if (body.length() > MAX_BODY) {
            throw new SpecException(key + ".body", "is " + body.length() + " characters long; at most " + MAX_BODY);
        }
        ScheduleTrigger.Overlap overlap = TriggerParser.choice(key + ".overlap", SpecParser.text(node, "overlap", "skip", key + ".overlap"),
                ScheduleTrigger.Overlap.class);
        ScheduleTrigger.Missed missed = TriggerParser.choice(key + ".missed", SpecParser.text(node, "missed", "skip", key + ".missed"),
                ScheduleTrigger.Missed.class);
        return new ScheduleTrigger(cron, zone, path, body, overlap, missed);
    }

    private static ZoneId zone(String key, String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new SpecException(key, "'" + text + "' is not a time zone; write a region such as Europe/Paris, "
                    + "or UTC");
        }
    }
}
