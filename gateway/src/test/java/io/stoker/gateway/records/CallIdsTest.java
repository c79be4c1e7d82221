package io.stoker.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Call ids: fixed width, time-ordered within a gateway and across its restarts, distinct between gateways. */
class CallIdsTest {

    private static final long START = 1_790_000_000_000L; // a fixed clock reading, epoch ms

    @Test
    void idsAre24HexDigitsTheSequenceThenTheNode() {
        String id = new CallIds(START, 0xcafe0001).next();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(id).startsWith(String.format("%016x", START << CallIds.SEQUENCE_BITS)).endsWith("cafe0001");
    }

    @Test
    void idsOfOneGatewaySortInTheOrderTheyWereMade() {
        CallIds ids = new CallIds(START, -1); // a negative node prints as ffffffff, never a sign
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next());
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made.get(0)).endsWith("ffffffff");
    }

    @Test
    void aRestartedGatewaySortsAfterItsOldIds() {
        CallIds before = new CallIds(START, 7);
        String last = null;
        for (int i = 0; i < 100_000; i++) {
            last = before.next();
        }
        String first = new CallIds(START + 1, 7).next(); // one millisecond later
        assertThat(first).isGreaterThan(last);
    }

    @Test
    void twoGatewaysStartedTheSameMillisecondNeverShareAnId() {
        CallIds a = new CallIds(START, 1);
        CallIds b = new CallIds(START, 2);
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            all.add(a.next());
            all.add(b.next());
        }
        assertThat(all).hasSize(2000);
    }

    @Test
    void threadsTakingIdsAtOnceGetDistinctOnes() throws Exception {
        CallIds ids = new CallIds(START, 3);
        Set<String> all = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    all.add(ids.next());
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(all).hasSize(40_000);
    }
}
