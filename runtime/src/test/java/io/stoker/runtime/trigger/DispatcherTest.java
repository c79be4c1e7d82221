package io.stoker.runtime.trigger;

import static io.stoker.runtime.spec.KafkaTrigger.Ordering.KEY;
import static io.stoker.runtime.spec.KafkaTrigger.Ordering.NONE;
import static io.stoker.runtime.spec.KafkaTrigger.Ordering.PARTITION;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.KafkaTrigger.Ordering;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    /** A buffered record: its offset and ordering key. */
    private record R(long offset, Object key) {}

    private static List<Long> start(Ordering ordering, int concurrency, List<R> waiting, Set<Object> busy, int active) {
        return Dispatcher.startable(ordering, concurrency, waiting, R::key, busy, active).stream().map(R::offset).toList();
    }

    private static final List<R> WAITING = List.of(new R(0, "a"), new R(1, "b"), new R(2, "a"), new R(3, "c"),
            new R(4, "b"), new R(5, "d"));

    @Test
    void keyOrderingStartsOneRecordPerKeyInOffsetOrder() {
        assertThat(start(KEY, 10, WAITING, Set.of(), 0)).containsExactly(0L, 1L, 3L, 5L);
    }

    @Test
    void keyOrderingRespectsConcurrency() {
        assertThat(start(KEY, 2, WAITING, Set.of(), 0)).containsExactly(0L, 1L);
        assertThat(start(KEY, 3, WAITING, Set.of(), 2)).containsExactly(0L);
        assertThat(start(KEY, 3, WAITING, Set.of(), 3)).isEmpty();
    }

    @Test
    void aKeyWaitingForARetryHoldsItsLaterRecords() {
        // "a" is active (say, waiting for its retry): neither a@0 nor a@2 may start, b, c, d may
        assertThat(start(KEY, 10, WAITING, Set.of("a"), 1)).containsExactly(1L, 3L, 5L);
    }

    @Test
    void nullKeysAreEachTheirOwnKey() {
        List<R> waiting = List.of(new R(0, new Object()), new R(1, new Object()), new R(2, "x"));
        assertThat(start(KEY, 10, waiting, Set.of(), 0)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void partitionOrderingStartsOneAtATime() {
        assertThat(start(PARTITION, 10, WAITING, Set.of(), 0)).containsExactly(0L);
        assertThat(start(PARTITION, 10, WAITING, Set.of(), 1)).isEmpty();
    }

    @Test
    void noOrderingFillsTheFreeSlots() {
        assertThat(start(NONE, 4, WAITING, Set.of("a"), 1)).containsExactly(0L, 1L, 2L);
        assertThat(start(NONE, 10, WAITING, Set.of(), 0)).hasSize(6);
        assertThat(start(NONE, 10, List.of(), Set.of(), 0)).isEmpty();
    }

    @Test
    void pausesAboveFourTimesConcurrencyAndResumesBelowHalfOfIt() {
        assertThat(Dispatcher.shouldPause(false, false, 64, 16)).isFalse();
        assertThat(Dispatcher.shouldPause(false, false, 65, 16)).isTrue();
        assertThat(Dispatcher.shouldPause(true, false, 32, 16)).isTrue();
        assertThat(Dispatcher.shouldPause(true, false, 31, 16)).isFalse();
        assertThat(Dispatcher.shouldPause(false, true, 0, 16)).isTrue();
    }
}
