package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.runtime.instance.LaunchedInstance;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pausing idle instances, resuming them for calls, standby instances, the autoscaler's wish, and the events. */
class FunctionPoolStandbyTest {

    static final Duration PAUSE_AFTER = Duration.ofSeconds(1);
    static final Duration IDLE = Duration.ofMinutes(5);

    static PoolFixture pool(int concurrency, int min, int max, int standby) {
        return new PoolFixture(concurrency, PoolFixture.scale(min, max, PAUSE_AFTER, standby), PoolSettings.defaults());
    }

    /** One instance that served one call and then paused; returns its id. */
    static String onePausedInstance(PoolFixture f) {
        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        Lease lease = leaseOf(call);
        lease.release();
        f.timer.advance(PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.instance(lease.instanceId()).state()).isEqualTo(InstanceState.PAUSED);
        return lease.instanceId();
    }

    @Test
    void anIdleInstanceIsPausedAfterPauseAfterAndACallMeanwhileWaitsForTheResume() {
        var f = pool(1, 0, 3, 0);
        var first = f.pool.acquire(f.in(30));
        f.executor.runAll();
        Lease lease = leaseOf(first);
        lease.release();

        f.timer.advance(PAUSE_AFTER.minusMillis(1));
        f.pool.reap();
        assertThat(f.executor.pending()).as("not idle long enough").isZero();

        f.timer.advance(Duration.ofMillis(1));
        f.pool.reap();
        assertThat(f.instance(lease.instanceId()).state()).isEqualTo(InstanceState.PAUSING);

        // a call while it freezes neither gets it nor makes the pool launch: it waits for the pause, then the resume
        var second = f.pool.acquire(f.in(30));
        assertThat(second).isNotDone();
        assertThat(f.in(InstanceState.STARTING)).isEmpty();
        f.executor.runNext(); // the pause
        assertThat(f.launcher.paused).containsExactly(lease.instanceId());
        assertThat(f.instance(lease.instanceId()).state()).isEqualTo(InstanceState.RESUMING);
        assertThat(second).isNotDone();
        f.executor.runAll();

        assertThat(leaseOf(second).instanceId()).isEqualTo(lease.instanceId());
        assertThat(f.launcher.launched).hasSize(1);
        assertThat(f.launcher.resumed).containsExactly(lease.instanceId());
        assertThat(f.launcher.frozen).isEmpty();
    }

    @Test
    void aCallOnAPausedOnlyPoolResumesInsteadOfLaunching() {
        var f = pool(1, 0, 3, 0);
        String paused = onePausedInstance(f);

        var call = f.pool.acquire(f.in(30));
        assertThat(f.instance(paused).state()).isEqualTo(InstanceState.RESUMING);
        f.clock.advance(Duration.ofMillis(20));
        f.executor.runAll();

        Lease lease = leaseOf(call);
        assertThat(lease.instanceId()).isEqualTo(paused);
        assertThat(lease.host()).isEqualTo("10.0.0.1");
        assertThat(f.launcher.launched).hasSize(1);
        assertThat(f.events.events).containsExactly("started COLD PT0S", "started RESUME PT0.02S");
    }

    @Test
    void aPausedInstanceThatFailsToResumeIsReplacedAndTheCallIsServed() {
        var f = pool(1, 0, 1, 0);
        String paused = onePausedInstance(f);
        f.launcher.failNextResumes(1);

        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();

        Lease lease = leaseOf(call);
        assertThat(lease.instanceId()).isNotEqualTo(paused);
        assertThat(f.launcher.stopped).containsExactly(paused);
        assertThat(f.launcher.launched).hasSize(2);
        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::id).containsExactly(lease.instanceId());
        assertThat(f.events.events).containsExactly("started COLD PT0S", "failed RESUME cgroup thaw failed",
                "stopped resume failed", "started COLD PT0S");
    }

    @Test
    void aFailedResumeTriesAnotherPausedInstanceBeforeLaunching() {
        var f = pool(1, 0, 3, 0);
        var calls = List.of(f.pool.acquire(f.in(30)), f.pool.acquire(f.in(30)));
        f.executor.runAll();
        calls.forEach(c -> leaseOf(c).release());
        f.timer.advance(PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.in(InstanceState.PAUSED)).hasSize(2);
        f.launcher.failNextResumes(1);

        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();

        assertThat(leaseOf(call).instanceId()).isIn(f.launcher.launched);
        assertThat(f.launcher.resumed).hasSize(2);
        assertThat(f.launcher.launched).as("no cold start").hasSize(2);
        assertThat(f.launcher.stopped).hasSize(1);
    }

    @Test
    void standbyIsLaunchedAtStartAndPausedAtOnce() {
        var f = pool(1, 0, 4, 1);
        f.pool.start();
        assertThat(f.pool.snapshot().instances()).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(InstanceState.STARTING);
            assertThat(i.standby()).isTrue();
        });
        f.executor.runAll();
        assertThat(f.in(InstanceState.PAUSED)).hasSize(1);
        assertThat(f.launcher.paused).hasSize(1);

        f.pool.reap();
        f.executor.runAll();
        assertThat(f.launcher.launched).as("a standby in place: nothing more").hasSize(1);
    }

    @Test
    void aConstructedPoolKeepsNoStandbyUntilStarted() {
        var f = pool(1, 0, 4, 2);
        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        leaseOf(call).release();
        assertThat(f.launcher.launched).hasSize(1);
    }

    @Test
    void standbyIsKeptPausedAfterABurstEnds() {
        var f = pool(1, 0, 4, 1);
        f.pool.start();
        f.executor.runAll();
        String standby = f.in(InstanceState.PAUSED).get(0).id();

        var burst = List.of(f.pool.acquire(f.in(30)), f.pool.acquire(f.in(30)), f.pool.acquire(f.in(30)));
        f.executor.runAll();
        List<Lease> leases = burst.stream().map(FunctionPoolAcquireTest::leaseOf).toList();
        assertThat(leases).extracting(Lease::instanceId).contains(standby);
        assertThat(f.in(InstanceState.PAUSED)).as("a new standby replaces the one resumed").hasSize(1);
        assertThat(f.launcher.launched).hasSize(4);

        leases.forEach(Lease::release);
        f.timer.advance(PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.in(InstanceState.PAUSED)).hasSize(4);

        f.timer.advance(IDLE);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.pool.snapshot().instances()).singleElement()
                .extracting(InstanceSnapshot::state).isEqualTo(InstanceState.PAUSED);
        assertThat(f.launcher.stopped).hasSize(3);
        assertThat(f.events.events).filteredOn(e -> e.startsWith("stopped")).containsExactly(
                "stopped idle", "stopped idle", "stopped idle");
    }

    @Test
    void aStandbyLaunchServesAWaitingCallInsteadOfPausing() {
        var f = pool(1, 0, 4, 1);
        f.pool.start();
        var call = f.pool.acquire(f.in(30)); // before the standby is ready
        f.executor.runNext();                // the standby's launch

        Lease lease = leaseOf(call);
        assertThat(f.instance(lease.instanceId()).standby()).isFalse();
        f.executor.runAll();
        assertThat(f.launcher.paused).doesNotContain(lease.instanceId());
    }

    @Test
    void minCountsPausedInstancesAndReapStopsPausedOnesDownToIt() {
        var f = pool(1, 1, 3, 0);
        var calls = List.of(f.pool.acquire(f.in(30)), f.pool.acquire(f.in(30)));
        f.executor.runAll();
        calls.forEach(c -> leaseOf(c).release());
        f.timer.advance(PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.in(InstanceState.PAUSED)).hasSize(2);

        f.timer.advance(IDLE);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.pool.snapshot().instances()).singleElement()
                .extracting(InstanceSnapshot::state).isEqualTo(InstanceState.PAUSED);
        assertThat(f.launcher.launched).as("the paused one counts for min").hasSize(2);
    }

    @Test
    void pauseAfterZeroNeverPauses() {
        var f = new PoolFixture(1, PoolFixture.scale(0, 3, Duration.ZERO, 0), PoolSettings.defaults());
        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        leaseOf(call).release();
        f.timer.advance(IDLE.minusSeconds(1));
        f.pool.reap();
        assertThat(f.executor.pending()).isZero();
        assertThat(f.in(InstanceState.READY)).hasSize(1);
    }

    @Test
    void anInstanceThatCannotBePausedServesOn() {
        var f = pool(1, 0, 3, 0);
        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        Lease lease = leaseOf(call);
        lease.release();
        f.launcher.running.clear(); // pause now fails: the fake no longer knows the container
        f.timer.advance(PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();

        assertThat(f.instance(lease.instanceId()).state()).isEqualTo(InstanceState.READY);
        assertThat(leaseOf(f.pool.acquire(f.in(30))).instanceId()).isEqualTo(lease.instanceId());
    }

    @Test
    void setDesiredLaunchesWithoutCallsAndBoundsPausingAndReaping() {
        var f = pool(1, 0, 3, 0);
        f.pool.setDesired(2);
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).hasSize(2);
        assertThat(f.pool.snapshot().desired()).isEqualTo(2);

        f.timer.advance(IDLE.multipliedBy(2));
        f.pool.reap();
        assertThat(f.executor.pending()).as("neither paused nor stopped below desired").isZero();

        f.pool.setDesired(5);
        assertThat(f.pool.desired()).as("capped at max").isEqualTo(3);
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).hasSize(3);

        // a lower wish: the two instances idle for 10 minutes stop, least recently used first
        f.pool.setDesired(1);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.launcher.stopped).hasSize(2);
        assertThat(f.in(InstanceState.READY)).hasSize(1);

        // two more, then a lower wish again: after pauseAfter they pause instead
        f.pool.setDesired(3);
        f.executor.runAll();
        f.pool.setDesired(1);
        f.timer.advance(PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).hasSize(1);
        assertThat(f.in(InstanceState.PAUSED)).hasSize(2);

        f.pool.setDesired(2); // resumes rather than launches
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).hasSize(2);
        assertThat(f.launcher.launched).hasSize(5);
        assertThat(f.launcher.resumed).hasSize(1);

        assertThatThrownBy(() -> f.pool.setDesired(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("desired instances must be >= 0");
    }

    @Test
    void eventsCarryTheKindAndTheTimeOnThePoolsClock() {
        var f = pool(1, 0, 2, 0);
        f.launcher.failNext(1, "image gone");
        var failing = f.pool.acquire(f.in(30));
        f.executor.runAll();
        assertThat(failing).isCompletedExceptionally();
        f.timer.advance(Duration.ofSeconds(1)); // back-off over

        var call = f.pool.acquire(f.in(30));
        f.clock.advance(Duration.ofMillis(250));
        f.executor.runAll();
        leaseOf(call).release();

        assertThat(f.events.events).containsExactly("failed COLD image gone", "started COLD PT0.25S");
    }

    @Test
    void closeStopsPausedAndResumingInstances() {
        var f = pool(1, 0, 3, 0);
        onePausedInstance(f);
        var calls = List.of(f.pool.acquire(f.in(30)), f.pool.acquire(f.in(30)));
        f.executor.runAll();
        calls.forEach(c -> leaseOf(c).release());
        f.timer.advance(PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();
        var resuming = f.pool.acquire(f.in(30)); // RESUMING when the pool closes

        var drained = f.pool.drain(Duration.ofSeconds(5));
        f.executor.runAll();

        assertThat(resuming).isCompletedExceptionally();
        assertThat(drained).isCompleted();
        assertThat(f.pool.snapshot().instances()).isEmpty();
        assertThat(f.launcher.running).isEmpty();
        assertThat(f.events.events).filteredOn(e -> e.startsWith("stopped")).containsOnly("stopped closed");
    }

    @Test
    void anAdoptedPausedContainerIsResumedForACall() {
        var f = pool(1, 0, 3, 0);
        LaunchedInstance found = f.launcher.launch(f.pool.spec(), "hash1", "old-1");
        f.launcher.pause(found);
        f.pool.adopt(new LaunchedInstance(found.function(), found.instanceId(), found.containerId(), found.host(),
                found.port(), found.specHash(), false));
        assertThat(f.instance("old-1").state()).isEqualTo(InstanceState.PAUSED);

        var call = f.pool.acquire(f.in(30));
        f.executor.runAll();
        assertThat(leaseOf(call).instanceId()).isEqualTo("old-1");
        assertThat(f.launcher.launched).containsExactly("old-1");
    }
}
