package io.stoker.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.trigger.PartitionLag;
import io.stoker.runtime.trigger.TriggerState;
import io.stoker.runtime.trigger.TriggerStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusChangesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final StatusChanges changes = new StatusChanges();

    @Test
    void aNewTriggerIsReportedOnceWithNoPreviousState() {
        List<StatusChanges.Change> first = changes.next(List.of(status("orders", TriggerState.STARTING, 0)), T0);
        assertThat(first).singleElement().satisfies(c -> {
            assertThat(c.previous()).isNull();
            assertThat(c.state()).isEqualTo(TriggerState.STARTING);
            assertThat(c.key()).isEqualTo("fn/stoker-fn/orders");
            assertThat(c.at()).isEqualTo(T0);
        });
        assertThat(changes.next(List.of(status("orders", TriggerState.STARTING, 5)), T0.plusSeconds(1)))
                .as("same state, only the lag moved").isEmpty();
    }

    @Test
    void aStateChangeCarriesThePreviousStateAndTheLag() {
        changes.next(List.of(status("orders", TriggerState.RUNNING, 0)), T0);
        List<StatusChanges.Change> next = changes.next(List.of(status("orders", TriggerState.WAITING_FOR_BROKER, 42)),
                T0.plusSeconds(1));
        assertThat(next).singleElement().satisfies(c -> {
            assertThat(c.previous()).isEqualTo(TriggerState.RUNNING);
            assertThat(c.state()).isEqualTo(TriggerState.WAITING_FOR_BROKER);
            assertThat(c.totalLag()).isEqualTo(42);
        });
    }

    @Test
    void aTriggerThatDisappearsIsReportedStoppedOnce() {
        changes.next(List.of(status("orders", TriggerState.RUNNING, 0), status("audit", TriggerState.PAUSED, 0)), T0);
        List<StatusChanges.Change> next = changes.next(List.of(status("audit", TriggerState.PAUSED, 0)), T0.plusSeconds(1));
        assertThat(next).singleElement().satisfies(c -> {
            assertThat(c.topics()).containsExactly("orders");
            assertThat(c.previous()).isEqualTo(TriggerState.RUNNING);
            assertThat(c.state()).isEqualTo(TriggerState.STOPPED);
        });
        assertThat(changes.next(List.of(status("audit", TriggerState.PAUSED, 0)), T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void aTriggerThatStoppedByItselfIsNotReportedTwice() {
        changes.next(List.of(status("orders", TriggerState.STOPPED, 0)), T0);
        assertThat(changes.next(List.of(), T0.plusSeconds(1))).isEmpty();
    }

    private static TriggerStatus status(String topic, TriggerState state, long lag) {
        return new TriggerStatus("fn", List.of(topic), "stoker-fn", state,
                lag == 0 ? List.of() : List.of(new PartitionLag(topic, 0, lag)), 0, 0, 0, 0, 0, 0, 0, null, null);
    }
}
