package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.InstanceState.BUSY;
import static io.stoker.runtime.pool.InstanceState.PAUSED;
import static io.stoker.runtime.pool.InstanceState.PAUSING;
import static io.stoker.runtime.pool.InstanceState.READY;
import static io.stoker.runtime.pool.InstanceState.STARTING;
import static io.stoker.runtime.pool.SchedulingTest.T0;
import static io.stoker.runtime.pool.SchedulingTest.inst;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.pool.ScalePlanning.Targets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalePlanningTest {

    static Targets targets(int min, int max, int desired, int standby) {
        return new Targets(min, max, desired, standby);
    }

    static InstanceSnapshot standbyStarting(String id) {
        return new InstanceSnapshot(id, null, STARTING, 0, null, 0, T0, T0, false, true);
    }

    @Test
    void queuedCallsResumeTheMostRecentlyUsedPausedInstancesBeforeLaunching() {
        var plan = ScalePlanning.plan(List.of(inst("old", PAUSED, 0, 1), inst("new", PAUSED, 0, 9)), 1, 1,
                targets(0, 5, 0, 0), true);
        assertThat(plan.resumes()).extracting(InstanceSnapshot::id).containsExactly("new");
        assertThat(plan.cold()).isZero();

        var more = ScalePlanning.plan(List.of(inst("a", PAUSED, 0, 1)), 3, 1, targets(0, 5, 0, 0), true);
        assertThat(more.resumes()).hasSize(1);
        assertThat(more.coldActive()).isEqualTo(2);
    }

    @Test
    void aPausingInstanceCountsForAWaitingCallInsteadOfALaunch() {
        var plan = ScalePlanning.plan(List.of(inst("a", PAUSING, 0, 1)), 1, 1, targets(0, 5, 0, 0), true);
        assertThat(plan.resumes()).isEmpty();
        assertThat(plan.cold()).isZero();
    }

    @Test
    void backoffStopsColdLaunchesButNotResumes() {
        var plan = ScalePlanning.plan(List.of(inst("a", PAUSED, 0, 1)), 2, 1, targets(1, 5, 0, 0), false);
        assertThat(plan.resumes()).hasSize(1);
        assertThat(plan.cold()).isZero();
    }

    @Test
    void standbyIsToppedUpCountingStandbyLaunchesStillStarting() {
        assertThat(ScalePlanning.plan(List.of(), 0, 1, targets(0, 5, 0, 2), true).coldStandby()).isEqualTo(2);
        assertThat(ScalePlanning.plan(List.of(standbyStarting("s"), inst("p", PAUSED, 0, 1)), 0, 1,
                targets(0, 5, 0, 2), true).cold()).isZero();
        // the paused one is resumed for the call, so a new standby is wanted
        var plan = ScalePlanning.plan(List.of(inst("p", PAUSED, 0, 1)), 1, 1, targets(0, 5, 0, 1), true);
        assertThat(plan.resumes()).hasSize(1);
        assertThat(plan.coldStandby()).isEqualTo(1);
    }

    @Test
    void desiredLaunchesWithoutCallsAndEverythingStaysUnderMax() {
        var plan = ScalePlanning.plan(List.of(inst("a", READY, 0, 1)), 0, 1, targets(0, 3, 5, 1), true);
        assertThat(plan.coldActive()).isEqualTo(2);
        assertThat(plan.coldStandby()).as("max reached").isZero();
    }

    @Test
    void minCountsPausedInstances() {
        var plan = ScalePlanning.plan(List.of(inst("a", PAUSED, 0, 1)), 0, 1, targets(2, 5, 0, 0), true);
        assertThat(plan.resumes()).isEmpty();
        assertThat(plan.coldActive()).isEqualTo(1);
    }

    @Test
    void toPauseTakesIdleReadyInstancesLeastRecentlyUsedFirstKeepingDesiredActive() {
        var instances = List.of(inst("a", READY, 0, 5), inst("b", READY, 0, 1), inst("c", BUSY, 1, 0),
                inst("d", READY, 0, 9));
        var now = T0.plusMillis(9_500); // d was used 0.5 s ago
        assertThat(ScalePlanning.toPause(instances, now, Duration.ofSeconds(1), 0)).extracting(InstanceSnapshot::id)
                .containsExactly("b", "a");
        assertThat(ScalePlanning.toPause(instances, now, Duration.ofSeconds(1), 3)).extracting(InstanceSnapshot::id)
                .containsExactly("b");
        assertThat(ScalePlanning.toPause(instances, now, Duration.ZERO, 0)).as("0 never pauses").isEmpty();
    }

    @Test
    void toReapStopsIdlePausedAndReadyInstancesKeepingMinOrDesiredPlusStandby() {
        var instances = List.of(inst("p1", PAUSED, 0, 1), inst("r1", READY, 0, 2), inst("p2", PAUSED, 0, 3),
                inst("busy", BUSY, 1, 0));
        var now = T0.plus(Duration.ofMinutes(10));
        Duration idle = Duration.ofMinutes(5);
        assertThat(ScalePlanning.toReap(instances, now, idle, targets(0, 9, 0, 0))).extracting(InstanceSnapshot::id)
                .containsExactly("p1", "r1", "p2");
        assertThat(ScalePlanning.toReap(instances, now, idle, targets(1, 9, 0, 1))).extracting(InstanceSnapshot::id)
                .containsExactly("p1", "r1");
        // desired 2: r1 is needed active, so paused ones go instead
        assertThat(ScalePlanning.toReap(instances, now, idle, targets(0, 9, 2, 0))).extracting(InstanceSnapshot::id)
                .containsExactly("p1", "p2");
    }
}
