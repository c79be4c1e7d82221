package io.stoker.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void nothingToCommitBeforeTheFirstRecord() {
        assertThat(tracker.commitPoint()).isEmpty();
    }

    @Test
    void commitPointStopsAtTheLowestUnfinishedRecord() {
        for (long o = 10; o < 15; o++) {
            tracker.taken(o);
        }
        assertThat(tracker.commitPoint()).hasValue(10);
        tracker.finished(12);
        tracker.finished(11);
        assertThat(tracker.commitPoint()).hasValue(10); // 10 still in flight
        tracker.finished(10);
        assertThat(tracker.commitPoint()).hasValue(13);
        tracker.finished(14);
        assertThat(tracker.commitPoint()).hasValue(13);
        tracker.finished(13);
        assertThat(tracker.commitPoint()).hasValue(15);
        assertThat(tracker.unfinished()).isZero();
    }

    @Test
    void gapsInOffsetsDoNotHoldTheCommitPoint() {
        tracker.taken(3);
        tracker.taken(7); // 4-6 compacted away, or transaction markers
        tracker.finished(3);
        assertThat(tracker.commitPoint()).hasValue(7);
        tracker.finished(7);
        assertThat(tracker.commitPoint()).hasValue(8);
    }

    @Test
    void tellsARedeliveredRecordFromANewOne() {
        assertThat(tracker.isNew(0)).isTrue();
        tracker.taken(4);
        assertThat(tracker.isNew(4)).isFalse();
        assertThat(tracker.isNew(5)).isTrue();
    }

    @Test
    void refusesOutOfOrderTakesAndUnknownFinishes() {
        tracker.taken(5);
        assertThatThrownBy(() -> tracker.taken(4)).hasMessageContaining("offset 4 taken after 5");
        assertThatThrownBy(() -> tracker.finished(6)).hasMessageContaining("offset 6 was not taken");
        tracker.finished(5);
        assertThatThrownBy(() -> tracker.finished(5)).hasMessageContaining("already finished");
    }
}
