package io.stoker.gateway.kafka;

import io.stoker.runtime.trigger.TriggerState;
import io.stoker.runtime.trigger.TriggerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns snapshots of the triggers into the changes between them: a trigger that appeared, moved to another state,
 * or disappeared (reported as stopped). Pure, so the publisher's rules are tested without Kafka.
 */
final class StatusChanges {

    /** One trigger moving from {@code previous} (null when new) to {@code state}. */
    record Change(String function, List<String> topics, String group, TriggerState previous, TriggerState state,
                  long totalLag, String lastError, Instant at) {

        /** The Kafka key of its event: one key per trigger, so a reader sees each trigger's changes in order. */
        String key() {
            return keyOf(function, group, topics);
        }
    }

    private static String keyOf(String function, String group, List<String> topics) {
        return function + "/" + group + "/" + String.join(",", topics);
    }

    private final Map<String, Change> last = new HashMap<>();

    /** The changes since the previous call; {@code now} holds every trigger that exists at this moment. */
    List<Change> next(Collection<TriggerStatus> now, Instant at) {
        List<Change> changes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TriggerStatus s : now) {
            String key = keyOf(s.function(), s.group(), s.topics());
            seen.add(key);
            Change before = last.get(key);
            if (before == null || before.state() != s.state()) {
                Change change = new Change(s.function(), s.topics(), s.group(),
                        before == null ? null : before.state(), s.state(), s.totalLag(), s.lastError(), at);
                changes.add(change);
                last.put(key, change);
            }
        }
        for (var it = last.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Change gone = entry.getValue();
            if (!seen.contains(entry.getKey())) {
                it.remove();
                if (gone.state() != TriggerState.STOPPED) {
                    changes.add(new Change(gone.function(), gone.topics(), gone.group(), gone.state(),
                            TriggerState.STOPPED, 0, null, at));
                }
            }
        }
        return changes;
    }
}
