package io.stoker.benchmarks.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka count of a chaos run: of the records the broker acknowledged, how many got a reply, a dead letter, both or
 * neither (missing), how many replies came more than once, and whether each key's first replies came in the order
 * produced. Missing records and duplicate replies are also attributed to a fault: a missing record to the last fault
 * injected before it was produced plus {@code lookaheadMs} (a fault strikes the records then in flight), a duplicate
 * reply to the last fault before the duplicate was written. Pure: no Kafka here, so it is unit-tested.
 */
final class ChaosLedger {

    /** A record the broker acknowledged: its id (the value), its key, its sequence number and when it was sent. */
    record Produced(String id, String key, long seq, long sentMs) {}

    /** A record read back from the reply or dead-letter topic: its value (the id) and the broker's timestamp. */
    record ReadBack(String id, long timestampMs) {}

    /** A fault of the run: when it was injected and its kind. */
    record Fault(long atMs, String kind) {}

    static final String BEFORE_ANY_FAULT = "none";

    final int produced;
    final int replies;
    final int replied;
    final int duplicates;
    final int deadLetters;
    final int deadLettered;
    final int repliedAndDeadLettered;
    final int missing;
    final int unexpected;
    final int outOfOrder;
    final List<String> missingExamples = new ArrayList<>();
    final List<String> outOfOrderExamples = new ArrayList<>();
    /** Fault kind (or {@link #BEFORE_ANY_FAULT}) to the missing records attributed to it. */
    final Map<String, Integer> missingByFault = new TreeMap<>();
    /** Fault kind (or {@link #BEFORE_ANY_FAULT}) to the duplicate replies attributed to it. */
    final Map<String, Integer> duplicatesByFault = new TreeMap<>();

    ChaosLedger(List<Produced> sent, List<ReadBack> replyRecords, List<ReadBack> deadLetterRecords,
                List<Fault> faults, long lookaheadMs) {
        Map<String, Produced> byId = new LinkedHashMap<>();
        sent.forEach(p -> byId.put(p.id(), p));
        List<Fault> ordered = new ArrayList<>(faults);
        ordered.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));

        Set<String> seenReply = new HashSet<>();
        Map<String, Long> lastSeqOfKey = new HashMap<>();
        int dup = 0;
        int odd = 0;
        int disorder = 0;
        for (ReadBack r : replyRecords) {
            if (!seenReply.add(r.id())) {
                dup++;
                duplicatesByFault.merge(faultAt(ordered, r.timestampMs()), 1, Integer::sum);
                continue;
            }
            Produced p = byId.get(r.id());
            if (p == null) {
                odd++;
                continue;
            }
            // only first replies carry the order; records of one key are produced in sequence
            long highest = lastSeqOfKey.getOrDefault(p.key(), -1L);
            if (highest > p.seq()) {
                disorder++;
                if (outOfOrderExamples.size() < 10) {
                    outOfOrderExamples.add(p.id() + " after seq " + highest + " of " + p.key());
                }
            } else {
                lastSeqOfKey.put(p.key(), p.seq());
            }
        }
        Set<String> dead = new HashSet<>();
        deadLetterRecords.forEach(r -> dead.add(r.id()));
        int both = 0;
        int gone = 0;
        for (Produced p : byId.values()) {
            boolean r = seenReply.contains(p.id());
            boolean d = dead.contains(p.id());
            if (r && d) {
                both++;
            }
            if (!r && !d) {
                gone++;
                missingByFault.merge(faultAt(ordered, p.sentMs() + lookaheadMs), 1, Integer::sum);
                if (missingExamples.size() < 10) {
                    missingExamples.add(p.id());
                }
            }
        }
        for (String id : dead) {
            if (!byId.containsKey(id)) {
                odd++;
            }
        }
        this.produced = byId.size();
        this.replies = replyRecords.size();
        this.replied = (int) seenReply.stream().filter(byId::containsKey).count();
        this.duplicates = dup;
        this.deadLetters = deadLetterRecords.size();
        this.deadLettered = (int) dead.stream().filter(byId::containsKey).count();
        this.repliedAndDeadLettered = both;
        this.missing = gone;
        this.unexpected = odd;
        this.outOfOrder = disorder;
    }

    /** The kind of the last fault injected at or before {@code ms}, else {@link #BEFORE_ANY_FAULT}. */
    static String faultAt(List<Fault> ordered, long ms) {
        String kind = BEFORE_ANY_FAULT;
        for (Fault f : ordered) {
            if (f.atMs() > ms) {
                break;
            }
            kind = f.kind();
        }
        return kind;
    }

    /** key=value lines for the shell (chaos.sh reads them with a plain loop). */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("produced=" + produced);
        out.add("replies=" + replies);
        out.add("replied=" + replied);
        out.add("duplicates=" + duplicates);
        out.add("dead_letters=" + deadLetters);
        out.add("dead_lettered=" + deadLettered);
        out.add("replied_and_dead_lettered=" + repliedAndDeadLettered);
        out.add("missing=" + missing);
        out.add("unexpected=" + unexpected);
        out.add("out_of_order=" + outOfOrder);
        out.add("missing_examples=" + String.join(" ", missingExamples));
        out.add("out_of_order_examples=" + String.join("; ", outOfOrderExamples));
        missingByFault.forEach((k, v) -> out.add("missing_by_fault." + k + "=" + v));
        duplicatesByFault.forEach((k, v) -> out.add("duplicates_by_fault." + k + "=" + v));
        return out;
    }
}
