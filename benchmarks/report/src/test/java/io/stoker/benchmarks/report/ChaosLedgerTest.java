package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.benchmarks.report.ChaosLedger.Fault;
import io.stoker.benchmarks.report.ChaosLedger.Produced;
import io.stoker.benchmarks.report.ChaosLedger.ReadBack;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosLedgerTest {

    private static final List<Produced> SENT = List.of(
            new Produced("r-0", "k-0", 0, 1_000), new Produced("r-1", "k-1", 1, 1_100),
            new Produced("r-2", "k-0", 2, 5_000), new Produced("r-3", "k-1", 3, 9_000),
            new Produced("r-4", "k-0", 4, 20_000));
    private static final List<Fault> FAULTS = List.of(new Fault(10_000, "broker"), new Fault(4_000, "kill"));

    @Test
    void countsRepliesDeadLettersDuplicatesAndWhatIsMissing() {
        List<ReadBack> replies = List.of(new ReadBack("r-0", 1_010), new ReadBack("r-1", 1_110),
                new ReadBack("r-0", 12_000), new ReadBack("stray", 12_001));
        List<ReadBack> dead = List.of(new ReadBack("r-2", 6_000), new ReadBack("r-1", 6_500));
        ChaosLedger l = new ChaosLedger(SENT, replies, dead, FAULTS, 2_000);

        assertThat(l.produced).isEqualTo(5);
        assertThat(l.replies).isEqualTo(4);
        assertThat(l.replied).isEqualTo(2);
        assertThat(l.duplicates).isEqualTo(1);
        assertThat(l.deadLettered).isEqualTo(2);
        assertThat(l.repliedAndDeadLettered).isEqualTo(1);
        assertThat(l.missing).isEqualTo(2);
        assertThat(l.missingExamples).containsExactly("r-3", "r-4");
        assertThat(l.unexpected).isEqualTo(1);
        // r-3 was sent at 9 s: with 2 s of look-ahead the broker fault at 10 s struck it; r-4 came after it
        assertThat(l.missingByFault).containsExactlyEntriesOf(java.util.Map.of("broker", 2));
        // the second reply of r-0 was written at 12 s, after the broker fault
        assertThat(l.duplicatesByFault).containsExactlyEntriesOf(java.util.Map.of("broker", 1));
        assertThat(l.lines()).contains("missing=2", "duplicates=1", "missing_by_fault.broker=2");
    }

    @Test
    void firstRepliesOfAKeyOutOfTheirProducedOrderAreCounted() {
        List<ReadBack> replies = List.of(new ReadBack("r-2", 1), new ReadBack("r-0", 2), new ReadBack("r-1", 3),
                new ReadBack("r-3", 4), new ReadBack("r-4", 5), new ReadBack("r-2", 6));
        ChaosLedger l = new ChaosLedger(SENT, replies, List.of(), FAULTS, 0);

        assertThat(l.outOfOrder).isEqualTo(1);
        assertThat(l.outOfOrderExamples).containsExactly("r-0 after seq 2 of k-0");
        assertThat(l.missing).isZero();
        assertThat(l.duplicates).isEqualTo(1);
    }

    @Test
    void aRecordBeforeEveryFaultIsAttributedToNone() {
        ChaosLedger l = new ChaosLedger(SENT.subList(0, 1), List.of(), List.of(), FAULTS, 0);
        assertThat(l.missingByFault).containsExactlyEntriesOf(java.util.Map.of(ChaosLedger.BEFORE_ANY_FAULT, 1));
        assertThat(ChaosLedger.faultAt(List.of(new Fault(4_000, "kill"), new Fault(10_000, "broker")), 10_000))
                .isEqualTo("broker");
    }
}
