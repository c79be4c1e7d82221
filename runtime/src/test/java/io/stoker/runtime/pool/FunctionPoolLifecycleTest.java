package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.failureOf;
import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FunctionPoolLifecycleTest {

    static final Duration IDLE = Duration.ofMinutes(5);

    @Test
    void startLaunchesMinInstances() {
        var f = new PoolFixture(1, 2, 5);
        f.pool.start();
        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::state)
                .containsExactly(InstanceState.STARTING, InstanceState.STARTING);
        f.executor.runAll();
        assertThat(f.launcher.launched).hasSize(2).doesNotHaveDuplicates();
        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::state)
                .containsExactly(InstanceState.READY, InstanceState.READY);
    }

    @Test
    void reapStopsIdleInstancesLeastRecentlyUsedFirstDownToMin() {
        var f = new PoolFixture(1, 1, 3);
        var calls = List.of(f.pool.acquire(f.in(30)), f.pool.acquire(f.in(30)), f.pool.acquire(f.in(30)));
        f.executor.runAll();
        List<Lease> leases = calls.stream().map(FunctionPoolAcquireTest::leaseOf).toList();
        // released one minute apart: leases[1] is the least recently used, then leases[0]
        leases.get(1).release();
        f.timer.advance(Duration.ofMinutes(1));
        leases.get(0).release();
        f.timer.advance(Duration.ofMinutes(1));
        leases.get(2).release();

        f.timer.advance(IDLE.minusMinutes(2).minusSeconds(1));
        f.pool.reap();
        assertThat(f.executor.pending()).as("nothing idle for 5 minutes yet").isZero();

        f.timer.advance(Duration.ofSeconds(1));
        f.pool.reap();
        assertThat(f.instance(leases.get(1).instanceId()).state()).isEqualTo(InstanceState.STOPPING);
        f.executor.runAll();
        assertThat(f.launcher.stopped).containsExactly(leases.get(1).instanceId());

        f.timer.advance(Duration.ofMinutes(5));
        f.pool.reap();
        f.pool.reap(); // a second sweep must not go below min
        f.executor.runAll();
        assertThat(f.launcher.stopped).containsExactly(leases.get(1).instanceId(), leases.get(0).instanceId());
        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::id)
                .containsExactly(leases.get(2).instanceId());
    }

    @Test
    void reapToZeroWhenMinIsZero() {
        var f = new PoolFixture(1, 0, 3);
        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        leaseOf(call).release();
        f.timer.advance(IDLE);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.pool.snapshot().instances()).isEmpty();
        assertThat(f.launcher.stopped).hasSize(1);
    }

    @Test
    void reapNeverStopsAnInstanceWithCallsInFlight() {
        var f = new PoolFixture(2, 0, 3);
        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        leaseOf(call);
        f.timer.advance(IDLE.multipliedBy(3));
        f.pool.reap();
        assertThat(f.executor.pending()).isZero();
        assertThat(f.pool.snapshot().instances()).hasSize(1);
    }

    @Test
    void crashAbortsLeasesAndStartsAReplacementForWaiters() {
        var f = new PoolFixture(1, 0, 1);
        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        Lease lease = leaseOf(call);
        var aborted = new AtomicInteger();
        lease.onAbort(aborted::incrementAndGet);
        var waiting = f.pool.acquire(f.in(30));

        f.exited(f.launcher.containerOf(lease.instanceId()));

        assertThat(aborted).hasValue(1);
        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::state)
                .containsExactly(InstanceState.STARTING);
        f.executor.runAll();
        assertThat(f.launcher.stopped).as("the exited container is removed").contains(lease.instanceId());
        assertThat(leaseOf(waiting).instanceId()).isNotEqualTo(lease.instanceId());
        lease.release(); // the gateway's late release of an aborted lease changes nothing
        assertThat(f.pool.snapshot().inFlight()).isEqualTo(1);
    }

    @Test
    void crashBelowMinStartsAReplacementEvenWithoutDemand() {
        var f = new PoolFixture(1, 1, 2);
        f.pool.start();
        f.executor.runAll();
        String first = f.pool.snapshot().instances().get(0).id();

        f.exited(f.launcher.containerOf(first));
        f.executor.runAll();

        assertThat(f.launcher.launched).hasSize(2);
        assertThat(f.pool.snapshot().instances()).singleElement().satisfies(i -> {
            assertThat(i.id()).isNotEqualTo(first);
            assertThat(i.state()).isEqualTo(InstanceState.READY);
        });
    }

    @Test
    void onAbortAfterTheCrashRunsAtOnce() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease lease = leaseOf(f.pool.acquire(f.in(30)));
        f.exited(f.launcher.containerOf(lease.instanceId()));
        var aborted = new AtomicInteger();
        lease.onAbort(aborted::incrementAndGet);
        assertThat(aborted).hasValue(1);
    }

    @Test
    void unknownContainerExitIsIgnored() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        f.exited("somebody-else");
        assertThat(f.pool.snapshot().instances()).hasSize(1);
    }

    @Test
    void failedLeaseMarksSuspectAndADeadContainerIsRemoved() {
        var f = new PoolFixture(2, 0, 1);
        var first = f.pool.acquire(f.in(30));
        f.executor.runAll();
        Lease a = leaseOf(first);
        Lease b = leaseOf(f.pool.acquire(f.in(30)));
        var aborted = new AtomicInteger();
        b.onAbort(aborted::incrementAndGet);

        a.failed(new java.net.ConnectException("connection refused"));
        assertThat(f.instance(a.instanceId()).suspect()).isTrue();
        f.launcher.running.clear(); // the engine no longer lists it
        f.executor.runAll();        // the check runs on the launch executor

        assertThat(aborted).hasValue(1);
        assertThat(f.pool.snapshot().instances()).isEmpty();
    }

    @Test
    void failedLeaseOnARunningInstanceOnlyMarksIt() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        a.failed(new RuntimeException("reset"));
        f.executor.runAll();
        assertThat(f.pool.snapshot().instances()).singleElement().satisfies(i -> {
            assertThat(i.suspect()).isTrue();
            assertThat(i.inFlight()).isZero();
        });
        leaseOf(f.pool.acquire(f.in(30))).release();
        assertThat(f.pool.snapshot().instances().get(0).suspect()).as("a good call clears it").isFalse();
    }

    @Test
    void launchFailureFailsWaitersAndBacksOff() {
        var f = new PoolFixture(1, 0, 2, new PoolSettings(100, Duration.ofSeconds(1), Duration.ofSeconds(8)));
        f.launcher.failNext(2, "image stoker/hello:1 not found");
        var waiting = f.pool.acquire(f.in(30));
        f.executor.runAll();

        assertThat(failureOf(waiting)).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("image stoker/hello:1 not found");
        assertThat(f.pool.snapshot().lastLaunchError()).contains("not found");

        // during the back-off nothing launches and calls fail fast
        assertThat(failureOf(f.pool.acquire(f.in(30)))).isInstanceOf(LaunchFailedException.class);
        f.executor.runAll();
        assertThat(f.launcher.launched).hasSize(1);

        // after it, a call launches again; it fails again and the back-off doubles
        f.timer.advance(Duration.ofSeconds(1));
        var second = f.pool.acquire(f.in(30));
        f.executor.runAll();
        assertThat(failureOf(second)).isInstanceOf(LaunchFailedException.class);
        assertThat(f.launcher.launched).hasSize(2);
        f.timer.advance(Duration.ofMillis(1999));
        assertThat(failureOf(f.pool.acquire(f.in(30)))).isInstanceOf(LaunchFailedException.class);
        f.timer.advance(Duration.ofMillis(1));

        var third = f.pool.acquire(f.in(30));
        f.executor.runAll();
        assertThat(leaseOf(third).host()).isNotBlank();
        assertThat(f.pool.snapshot().lastLaunchError()).isNull();
    }

    @Test
    void launchFailureWithAnInstanceRunningKeepsWaitersQueued() {
        var f = new PoolFixture(1, 1, 2);
        f.pool.start();
        f.executor.runAll();
        Lease busy = leaseOf(f.pool.acquire(f.in(30)));
        f.launcher.failNext(1, "out of memory");
        var waiting = f.pool.acquire(f.in(30));
        f.executor.runAll();

        assertThat(waiting).isNotDone();
        busy.release();
        assertThat(leaseOf(waiting).instanceId()).isEqualTo(busy.instanceId());
    }

    @Test
    void minIsRestoredAfterTheBackoffWithoutAnyCall() {
        var f = new PoolFixture(1, 1, 1);
        f.launcher.failNext(1, "engine hiccup");
        f.pool.start();
        f.executor.runAll();
        assertThat(f.pool.snapshot().instances()).isEmpty();

        f.timer.advance(Duration.ofSeconds(1)); // the back-off timer ends the pause and re-plans
        f.executor.runAll();

        assertThat(f.launcher.launched).hasSize(2);
        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::state)
                .containsExactly(InstanceState.READY);
    }

    @Test
    void drainWaitsForCallsInFlightThenStopsEverything() {
        var f = new PoolFixture(1, 2, 2);
        f.pool.start();
        f.executor.runAll();
        Lease ending = leaseOf(f.pool.acquire(f.in(30)));
        Lease hanging = leaseOf(f.pool.acquire(f.in(30)));
        var aborted = new AtomicInteger();
        hanging.onAbort(aborted::incrementAndGet);
        var queued = f.pool.acquire(f.in(30));

        var drained = f.pool.drain(Duration.ofSeconds(10));

        assertThat(failureOf(queued)).isInstanceOf(PoolClosedException.class);
        assertThat(failureOf(f.pool.acquire(f.in(30)))).isInstanceOf(PoolClosedException.class);
        ending.release();
        assertThat(f.executor.pending()).as("nothing stops while a call is in flight").isZero();
        f.timer.advance(Duration.ofSeconds(9));
        assertThat(drained).isNotDone();
        assertThat(aborted).hasValue(0);

        // the other call never ends: the grace period runs out and its lease is aborted
        f.timer.advance(Duration.ofSeconds(1));
        assertThat(aborted).hasValue(1);
        f.executor.runAll();
        assertThat(drained).isCompleted();
        assertThat(f.launcher.stopped).containsExactlyInAnyOrder(ending.instanceId(), hanging.instanceId());
        assertThat(f.pool.snapshot().instances()).isEmpty();
    }

    @Test
    void drainStopsOnceTheLastCallEnds() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease lease = leaseOf(f.pool.acquire(f.in(30)));
        var drained = f.pool.drain(Duration.ofMinutes(1));
        assertThat(f.executor.pending()).isZero();

        lease.release();
        f.executor.runAll();

        assertThat(drained).isCompleted();
        assertThat(f.launcher.stopped).hasSize(1);
        assertThat(f.timer.pending()).as("grace timer cancelled").isZero();
    }

    @Test
    void drainStopsALaunchThatFinishesAfterwards() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start(); // launch pending on the executor
        var drained = f.pool.drain(Duration.ofSeconds(5));
        assertThat(drained).isNotDone();
        f.executor.runAll();
        assertThat(f.launcher.launched).hasSize(1);
        assertThat(f.launcher.stopped).hasSize(1);
        assertThat(drained).isCompleted();
    }

    @Test
    void closeStopsAllNowAndAbortsLeases() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease lease = leaseOf(f.pool.acquire(f.in(30)));
        var aborted = new AtomicInteger();
        lease.onAbort(aborted::incrementAndGet);

        f.pool.close();
        f.executor.runAll();

        assertThat(aborted).hasValue(1);
        assertThat(f.launcher.stopped).hasSize(1);
        assertThat(f.pool.snapshot().closed()).isTrue();
        assertThat(f.pool.drain(Duration.ZERO)).isCompleted();
    }

    @Test
    void detachLeavesContainersRunning() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        f.pool.detach();
        f.executor.runAll();
        assertThat(f.launcher.stopped).isEmpty();
        assertThat(f.launcher.running).hasSize(1);
        assertThat(f.pool.snapshot().instances()).isEmpty();
        assertThat(failureOf(f.pool.acquire(f.in(30)))).isInstanceOf(PoolClosedException.class);
    }
}
