package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The count of a fault test: produced, replied (and how many twice), dead-lettered, missing; and the check that
 * nothing is missing and that each key's first replies come in the order produced.
 */
final class FaultLedger {

    final int produced;
    final int replies;
    final int distinctReplied;
    final int duplicates;
    final int deadLettered;
    final Set<String> missing;
    /** Reply values no produced record has: a reply to something else, or a changed value. */
    final Set<String> unexpected;
    private final List<String> replyValues;

    FaultLedger(Set<String> produced, List<ConsumerRecord<String, String>> replies,
                List<ConsumerRecord<String, String>> deadLetters) {
        this.replyValues = new ArrayList<>();
        for (ConsumerRecord<String, String> r : replies) {
            replyValues.add(replyValue(r));
        }
        Set<String> replied = new HashSet<>(replyValues);
        Set<String> dead = new HashSet<>();
        deadLetters.forEach(r -> dead.add(r.value()));
        this.produced = produced.size();
        this.replies = replyValues.size();
        this.distinctReplied = replied.size();
        this.duplicates = replyValues.size() - replied.size();
        this.deadLettered = dead.size();
        Set<String> gone = new TreeSet<>(produced);
        gone.removeAll(replied);
        gone.removeAll(dead);
        this.missing = gone;
        Set<String> odd = new TreeSet<>(replied);
        odd.removeAll(produced);
        this.unexpected = odd;
    }

    /** Waits-for condition: every produced value has a reply or a dead letter. */
    static boolean complete(Set<String> produced, List<ConsumerRecord<String, String>> replies,
                            List<ConsumerRecord<String, String>> deadLetters) {
        return new FaultLedger(produced, replies, deadLetters).missing.isEmpty();
    }

    static String replyValue(ConsumerRecord<String, String> reply) {
        return TestApi.readJson(reply.value()).path("value").asText();
    }

    String line(String fault) {
        return String.format("kafka fault [%s]: produced %d, replies %d (%d distinct), duplicates %d, dead-lettered %d,"
                + " missing %d%s%s", fault, produced, replies, distinctReplied, duplicates, deadLettered, missing.size(),
                missing.isEmpty() ? "" : " e.g. " + missing.stream().limit(10).toList(),
                unexpected.isEmpty() ? "" : ", unexpected replies " + unexpected.stream().limit(10).map(v -> "'" + v + "'").toList());
    }

    /** Nothing missing, and per key the first reply of each value in the order produced. */
    void assertNothingMissingAndOrderedPerKey(String fault) {
        System.out.println(line(fault));
        assertThat(missing).as(line(fault)).isEmpty();
        assertThat(unexpected).as(line(fault)).isEmpty();
        Map<String, Integer> last = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (String value : replyValues) {
            if (!seen.add(value)) {
                continue; // a duplicate: only first occurrences carry the order
            }
            String key = value.substring(0, value.indexOf(':'));
            int seq = Integer.parseInt(value.substring(value.indexOf(':') + 1));
            int previous = last.getOrDefault(key, -1);
            assertThat(seq).as("%s: key %s first replied %s after %d", fault, key, value, previous)
                    .isGreaterThan(previous);
            last.put(key, seq);
        }
    }
}
