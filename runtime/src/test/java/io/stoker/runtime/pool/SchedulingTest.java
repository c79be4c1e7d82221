package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.InstanceState.BUSY;
import static io.stoker.runtime.pool.InstanceState.READY;
import static io.stoker.runtime.pool.InstanceState.STARTING;
import static io.stoker.runtime.pool.InstanceState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SchedulingTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static InstanceSnapshot inst(String id, InstanceState state, int inFlight, long lastUsedSeconds) {
        return inst(id, state, inFlight, lastUsedSeconds, false);
    }

    static InstanceSnapshot inst(String id, InstanceState state, int inFlight, long lastUsedSeconds, boolean suspect) {
        return new InstanceSnapshot(id, state == STARTING ? null : "c-" + id, state, inFlight, "10.0.0.1", 8080, T0,
                T0.plusSeconds(lastUsedSeconds), suspect);
    }

    @Nested
    class Pick {
        @Test
        void takesTheLeastLoadedReadyInstance() {
            var chosen = Scheduling.pick(List.of(inst("a", READY, 2, 9), inst("b", READY, 1, 1), inst("c", READY, 3, 5)), 4);
            assertThat(chosen).map(InstanceSnapshot::id).contains("b");
        }

        @Test
        void breaksTiesTowardsTheMostRecentlyUsed() {
            var chosen = Scheduling.pick(List.of(inst("a", READY, 0, 1), inst("b", READY, 0, 7), inst("c", READY, 0, 3)), 1);
            assertThat(chosen).map(InstanceSnapshot::id).contains("b");
        }

        @Test
        void prefersAHealthyInstanceToASuspectOneAtEqualLoad() {
            var chosen = Scheduling.pick(List.of(inst("a", READY, 0, 9, true), inst("b", READY, 0, 1)), 1);
            assertThat(chosen).map(InstanceSnapshot::id).contains("b");
        }

        @Test
        void skipsInstancesThatAreFullOrNotReady() {
            var instances = List.of(inst("a", BUSY, 2, 9), inst("b", STARTING, 0, 9), inst("c", STOPPING, 0, 9),
                    inst("d", READY, 2, 9));
            assertThat(Scheduling.pick(instances, 2)).isEmpty();
            assertThat(Scheduling.pick(instances, 3)).map(InstanceSnapshot::id).contains("d");
        }

        @Test
        void emptyPoolHasNoPick() {
            assertThat(Scheduling.pick(List.of(), 1)).isEmpty();
        }
    }

    @Nested
    class LaunchesNeeded {
        @Test
        void bringsAnEmptyPoolUpToMin() {
            assertThat(Scheduling.launchesNeeded(List.of(), 0, 4, 2, 5)).isEqualTo(2);
        }

        @Test
        void nothingWhileNobodyWaitsAndMinIsMet() {
            assertThat(Scheduling.launchesNeeded(List.of(inst("a", BUSY, 2, 0)), 0, 2, 1, 5)).isZero();
        }

        @Test
        void oneLaunchWhenCallsWaitAndEveryInstanceIsFull() {
            assertThat(Scheduling.launchesNeeded(List.of(inst("a", BUSY, 2, 0)), 1, 2, 0, 5)).isEqualTo(1);
        }

        @Test
        void startingCapacityCoversWaitingCalls() {
            var instances = List.of(inst("a", BUSY, 2, 0), inst("b", STARTING, 0, 0));
            assertThat(Scheduling.launchesNeeded(instances, 2, 2, 0, 5)).isZero();
            assertThat(Scheduling.launchesNeeded(instances, 3, 2, 0, 5)).isEqualTo(1);
        }

        @Test
        void launchesEnoughForTheWholeQueueAtOnce() {
            assertThat(Scheduling.launchesNeeded(List.of(), 7, 2, 0, 10)).isEqualTo(4);
        }

        @Test
        void neverPastMax() {
            assertThat(Scheduling.launchesNeeded(List.of(inst("a", BUSY, 1, 0)), 50, 1, 0, 3)).isEqualTo(2);
            assertThat(Scheduling.launchesNeeded(List.of(inst("a", BUSY, 1, 0), inst("b", BUSY, 1, 0)), 5, 1, 0, 2))
                    .isZero();
        }

        @Test
        void stoppingInstancesDoNotCountTowardsMin() {
            assertThat(Scheduling.launchesNeeded(List.of(inst("a", STOPPING, 0, 0)), 0, 1, 1, 3)).isEqualTo(1);
        }
    }

    @Nested
    class ToReap {
        final Duration idle = Duration.ofMinutes(5);
        final Instant now = T0.plus(Duration.ofMinutes(10));

        @Test
        void stopsIdleInstancesLeastRecentlyUsedFirstDownToMin() {
            var instances = List.of(inst("a", READY, 0, 200), inst("b", READY, 0, 100), inst("c", READY, 0, 250));
            assertThat(Scheduling.toReap(instances, now, idle, 1)).extracting(InstanceSnapshot::id)
                    .containsExactly("b", "a");
            assertThat(Scheduling.toReap(instances, now, idle, 0)).extracting(InstanceSnapshot::id)
                    .containsExactly("b", "a", "c");
        }

        @Test
        void keepsInstancesUsedWithinTheIdleWindow() {
            var instances = List.of(inst("a", READY, 0, 300), inst("b", READY, 0, 301));
            // a: unused for exactly 5 minutes → reaped; b: 4m59s → kept
            assertThat(Scheduling.toReap(instances, now, idle, 0)).extracting(InstanceSnapshot::id).containsExactly("a");
        }

        @Test
        void neverStopsInstancesWithCallsInFlightOrNotReady() {
            var instances = List.of(inst("a", READY, 1, 0), inst("b", BUSY, 2, 0), inst("c", STARTING, 0, 0),
                    inst("d", STOPPING, 0, 0));
            assertThat(Scheduling.toReap(instances, now, idle, 0)).isEmpty();
        }

        @Test
        void busyInstancesCountTowardsMin() {
            var instances = List.of(inst("a", BUSY, 2, 0), inst("b", READY, 0, 0));
            assertThat(Scheduling.toReap(instances, now, idle, 2)).isEmpty();
            assertThat(Scheduling.toReap(instances, now, idle, 1)).extracting(InstanceSnapshot::id).containsExactly("b");
        }
    }
}
