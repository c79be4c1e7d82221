package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.failureOf;
import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ExitCause;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Faults from outside the calls: why an instance was lost, an engine that goes away and comes back, callers that leave. */
class FunctionPoolFaultTest {

    @Test
    void anExitEventTellsTheAbortedLeasesWhyAndHowManyCallsTheInstanceServed() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        Lease b = leaseOf(f.pool.acquire(f.in(30)));
        assertThat(a.loss()).as("no loss while it runs").isNull();

        f.exited(f.launcher.containerOf(a.instanceId()), ExitCause.KILLED);

        assertThat(a.loss()).isEqualTo(new InstanceLoss(InstanceLoss.Cause.KILLED, 2));
        assertThat(b.loss().platformFault()).isTrue();
        assertThat(b.loss().soleCall()).isFalse();
    }

    @Test
    void outOfMemoryAndAnOwnExitAreNotPlatformFaults() {
        assertThat(new InstanceLoss(InstanceLoss.Cause.OUT_OF_MEMORY, 1).platformFault()).isFalse();
        assertThat(new InstanceLoss(InstanceLoss.Cause.EXITED, 1).platformFault()).isFalse();
        assertThat(new InstanceLoss(InstanceLoss.Cause.EXITED, 1).soleCall()).isTrue();
        for (InstanceLoss.Cause platform : Set.of(InstanceLoss.Cause.KILLED, InstanceLoss.Cause.VANISHED,
                InstanceLoss.Cause.ENGINE_LOST, InstanceLoss.Cause.STOPPED)) {
            assertThat(new InstanceLoss(platform, 1).platformFault()).as(platform.name()).isTrue();
        }
    }

    @Test
    void aFailedCallOnAContainerTheEngineSaysEndedGetsItsCause() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        String container = f.launcher.containerOf(a.instanceId());
        f.launcher.running.remove(container);
        f.launcher.ended.put(container, new ContainerExit(container, ExitCause.OUT_OF_MEMORY, 137, PoolFixture.T0));

        CompletableFuture<Optional<InstanceLoss>> verdict = a.failed(new RuntimeException("connection reset"));
        assertThat(verdict).isNotDone();
        f.executor.runAll();

        assertThat(verdict).isCompletedWithValue(Optional.of(new InstanceLoss(InstanceLoss.Cause.OUT_OF_MEMORY, 1)));
        assertThat(f.in(InstanceState.READY)).as("a replacement").singleElement()
                .satisfies(i -> assertThat(i.containerId()).isNotEqualTo(container));
    }

    @Test
    void aFailedCallOnAnInstanceThatStillRunsAfterTheGraceIsTheCallsOwnFailure() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));

        CompletableFuture<Optional<InstanceLoss>> verdict = a.failed(new RuntimeException("closed without answer"));
        f.executor.runAll();
        assertThat(verdict).as("asked again after the grace").isNotDone();
        f.timer.advance(PoolSettings.DEFAULT_LOSS_GRACE);
        f.executor.runAll();

        assertThat(verdict).isCompletedWithValue(Optional.empty());
        assertThat(f.in(InstanceState.READY)).hasSize(1);
    }

    @Test
    void callsThatFailedBeforeTheEngineSaidWhyCountAsInFlightAtTheLoss() {
        var f = new PoolFixture(4, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        Lease b = leaseOf(f.pool.acquire(f.in(30)));
        Lease c = leaseOf(f.pool.acquire(f.in(30)));
        String container = f.launcher.containerOf(a.instanceId());
        f.launcher.running.remove(container);
        f.launcher.ended.put(container, new ContainerExit(container, ExitCause.EXITED, 3, PoolFixture.T0));

        var first = a.failed(new RuntimeException("connection reset"));
        var second = b.failed(new RuntimeException("connection reset"));
        f.executor.runAll();

        InstanceLoss shared = new InstanceLoss(InstanceLoss.Cause.EXITED, 3);
        assertThat(first.join()).contains(shared);
        assertThat(second.join()).contains(shared);
        assertThat(c.loss()).isEqualTo(shared);
        assertThat(shared.soleCall()).isFalse();
    }

    @Test
    void anInstanceKilledAMomentAfterTheFirstCheckIsStillFoundLost() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        String container = f.launcher.containerOf(a.instanceId());

        CompletableFuture<Optional<InstanceLoss>> verdict = a.failed(new RuntimeException("connection reset"));
        f.executor.runAll(); // still listed running
        f.launcher.running.remove(container);
        f.launcher.ended.put(container, new ContainerExit(container, ExitCause.KILLED, 137, PoolFixture.T0));
        f.timer.advance(PoolSettings.DEFAULT_LOSS_GRACE);
        f.executor.runAll();

        assertThat(verdict.join()).map(InstanceLoss::cause).contains(InstanceLoss.Cause.KILLED);
    }

    @Test
    void anExitEventDuringTheCheckAnswersEveryFailedCallOnThatInstance() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        Lease b = leaseOf(f.pool.acquire(f.in(30)));
        var first = a.failed(new RuntimeException("reset"));
        var second = b.failed(new RuntimeException("reset"));

        f.exited(f.launcher.containerOf(a.instanceId()), ExitCause.KILLED);

        assertThat(first.join()).map(InstanceLoss::cause).contains(InstanceLoss.Cause.KILLED);
        assertThat(second.join()).map(InstanceLoss::cause).contains(InstanceLoss.Cause.KILLED);
    }

    @Test
    void anEngineThatDoesNotAnswerTheCheckTookTheInstanceWithIt() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        String container = f.launcher.containerOf(a.instanceId());
        f.launcher.engineDown = new EngineException.Unreachable("the container engine does not answer", null);

        var verdict = a.failed(new java.net.ConnectException("connection refused"));
        f.executor.runAll();

        assertThat(verdict.join()).map(InstanceLoss::cause).contains(InstanceLoss.Cause.ENGINE_LOST);
        assertThat(f.pool.snapshot().instances()).noneMatch(i -> container.equals(i.containerId()));
    }

    @Test
    void leasesAbortedByAStopOfThePoolSayStopped() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        f.pool.close();
        assertThat(a.loss()).isEqualTo(new InstanceLoss(InstanceLoss.Cause.STOPPED, 1));
    }

    @Test
    void whileTheEngineIsAwayCallsWaitUpToTheirDeadlineInsteadOfFailingAtOnce() {
        var f = new PoolFixture(1, 0, 1, new PoolSettings(100, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        f.launcher.failNextEngineAway(100);
        var waiting = f.pool.acquire(f.in(5));
        f.executor.runAll();
        assertThat(waiting).as("still queued: the engine may come back in time").isNotDone();
        var later = f.pool.acquire(f.in(5));
        assertThat(later).as("no fail-fast while the engine is away").isNotDone();

        f.timer.advance(Duration.ofSeconds(5));
        f.executor.runAll();
        assertThat(failureOf(waiting)).isInstanceOf(DeadlineExceededException.class);
        assertThat(failureOf(later)).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void theEngineComingBackEndsTheLaunchBackOffAtOnce() {
        var f = new PoolFixture(1, 0, 1, new PoolSettings(100, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        f.launcher.failNextEngineAway(100);
        var waiting = f.pool.acquire(f.in(120));
        for (int i = 0; i < 4; i++) { // the back-off doubles: 1, 2, 4 s, now 8 s
            f.executor.runAll();
            f.timer.advance(Duration.ofSeconds(1L << i));
        }
        f.executor.runAll();
        int launchesBefore = f.launcher.launched.size();
        assertThat(waiting).isNotDone();
        f.launcher.failNextEngineAway(0);

        f.pool.reconcile(Set.of(), f.clock.instant());
        f.executor.runAll();

        assertThat(f.launcher.launched).as("launched at once, no back-off left").hasSize(launchesBefore + 1);
        assertThat(leaseOf(waiting)).isNotNull();
    }

    @Test
    void aReconcileRemovesInstancesTheEngineNoLongerRunsAndToppsUpToMin() {
        var f = new PoolFixture(1, 2, 3);
        f.pool.start();
        f.executor.runAll();
        var before = f.pool.snapshot().instances();
        assertThat(before).hasSize(2);
        String kept = before.get(0).containerId();
        f.clock.advance(Duration.ofSeconds(1));

        f.pool.reconcile(Set.of(kept), f.clock.instant());

        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::containerId).contains(kept)
                .doesNotContain(before.get(1).containerId());
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).hasSize(2);
    }

    @Test
    void aReconcileDoesNotJudgeInstancesThatBecameReadyAfterTheList() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        var listedAt = f.clock.instant();
        f.clock.advance(Duration.ofMillis(5));
        f.executor.runAll(); // ready after the list was taken

        f.pool.reconcile(Set.of(), listedAt);

        assertThat(f.in(InstanceState.READY)).hasSize(1);
        assertThat(f.pool.owns(f.in(InstanceState.READY).get(0).id())).isTrue();
    }

    @Test
    void aStartingInstanceIsOwnedSoAReconcileLeavesItsContainerAlone() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        String starting = f.in(InstanceState.STARTING).get(0).id();
        assertThat(f.pool.owns(starting)).isTrue();
        assertThat(f.pool.owns("someone-else")).isFalse();
    }

    @Test
    void aCallWithdrawnWhileQueuedLeavesTheQueueAtOnceAndIsNeverServed() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease busy = leaseOf(f.pool.acquire(f.in(30)));
        var gone = f.pool.acquire(f.in(30));
        var next = f.pool.acquire(f.in(30));
        assertThat(f.pool.snapshot().queued()).isEqualTo(2);
        int timers = f.timer.pending();

        gone.cancel(false);
        assertThat(f.timer.pending()).as("its deadline timer is cancelled with it").isEqualTo(timers - 1);
        assertThat(f.pool.snapshot().queued()).isEqualTo(1);
        busy.release();

        assertThat(leaseOf(next)).as("the call behind it is served").isNotNull();
        assertThat(f.pool.snapshot().inFlight()).isEqualTo(1);
    }

}
