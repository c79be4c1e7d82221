package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.instance.LaunchedInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FunctionPoolAcquireTest {

    static Lease leaseOf(CompletableFuture<Lease> future) {
        assertThat(future).isCompletedWithValueMatching(l -> l != null);
        return future.join();
    }

    static Throwable failureOf(CompletableFuture<Lease> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void warmInstanceServesAtOnceWithoutALaunch() {
        var f = new PoolFixture(2, 1, 3);
        f.pool.start();
        f.executor.runAll();
        assertThat(f.launcher.launched).hasSize(1);

        Lease lease = leaseOf(f.pool.acquire(f.in(30)));

        assertThat(lease.host()).isEqualTo("10.0.0.1");
        assertThat(lease.port()).isEqualTo(8080);
        assertThat(f.executor.pending()).isZero();
        assertThat(f.launcher.launched).hasSize(1);
        assertThat(f.instance(lease.instanceId()).inFlight()).isEqualTo(1);
        lease.release();
        assertThat(f.instance(lease.instanceId()).inFlight()).isZero();
    }

    @Test
    void acquireNeverLaunchesOnTheCallersThread() {
        var f = new PoolFixture(1, 0, 3);
        CompletableFuture<Lease> call = f.pool.acquire(f.in(30));
        assertThat(call).isNotDone();
        assertThat(f.launcher.launched).isEmpty(); // only queued on the executor
        assertThat(f.pool.snapshot().instances()).extracting(InstanceSnapshot::state)
                .containsExactly(InstanceState.STARTING);
        f.executor.runAll();
        assertThat(leaseOf(call).host()).isEqualTo("10.0.0.1");
    }

    @Test
    void secondInstanceStartsOnlyPastTheConcurrencyLimit() {
        var f = new PoolFixture(2, 1, 5);
        f.pool.start();
        f.executor.runAll();

        var first = f.pool.acquire(f.in(30));
        var second = f.pool.acquire(f.in(30));
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(f.pool.snapshot().instances()).singleElement()
                .extracting(InstanceSnapshot::state).isEqualTo(InstanceState.BUSY);
        assertThat(f.executor.pending()).isZero();

        var third = f.pool.acquire(f.in(30));
        assertThat(third).isNotDone();
        assertThat(f.pool.snapshot().queued()).isEqualTo(1);
        f.executor.runAll();

        assertThat(f.launcher.launched).hasSize(2);
        assertThat(leaseOf(third).instanceId()).isNotEqualTo(leaseOf(first).instanceId());
        assertThat(f.pool.snapshot().queued()).isZero();
    }

    @Test
    void callsQueueOnceMaxInstancesAreFull() {
        var f = new PoolFixture(2, 1, 2);
        f.pool.start();
        f.executor.runAll();

        List<CompletableFuture<Lease>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(f.pool.acquire(f.in(30)));
        }
        f.executor.runAll();

        assertThat(f.launcher.launched).hasSize(2);
        assertThat(calls.subList(0, 4)).allMatch(CompletableFuture::isDone);
        assertThat(calls.get(4)).isNotDone();
        PoolSnapshot snapshot = f.pool.snapshot();
        assertThat(snapshot.queued()).isEqualTo(1);
        assertThat(snapshot.inFlight()).isEqualTo(4);
        assertThat(snapshot.instances()).extracting(InstanceSnapshot::state)
                .containsOnly(InstanceState.BUSY);

        calls.get(0).join().release();
        assertThat(leaseOf(calls.get(4)).instanceId()).isEqualTo(calls.get(0).join().instanceId());
    }

    @Test
    void queueFullFailsAtOnce() {
        var f = new PoolFixture(1, 1, 1, new PoolSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        f.pool.start();
        f.executor.runAll();
        leaseOf(f.pool.acquire(f.in(30)));
        var queued1 = f.pool.acquire(f.in(30));
        var queued2 = f.pool.acquire(f.in(30));

        var rejected = f.pool.acquire(f.in(30));

        assertThat(failureOf(rejected)).isInstanceOf(QueueFullException.class).hasMessageContaining("hello")
                .hasMessageContaining("2");
        assertThat(queued1).isNotDone();
        assertThat(queued2).isNotDone();
    }

    @Test
    void withdrawnCallsFreeTheirQueueSlot() {
        var f = new PoolFixture(1, 1, 1, new PoolSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        f.pool.start();
        f.executor.runAll();
        Lease busy = leaseOf(f.pool.acquire(f.in(30)));
        var withdrawn = f.pool.acquire(f.in(30));
        withdrawn.cancel(false);

        var next = f.pool.acquire(f.in(30));
        assertThat(next).isNotDone();
        busy.release();

        assertThat(leaseOf(next).instanceId()).isEqualTo(busy.instanceId());
        assertThat(f.pool.snapshot().inFlight()).isEqualTo(1);
    }

    @Test
    void deadlineFailsTheWaiterThroughTheTimerAlone() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        leaseOf(f.pool.acquire(f.in(30)));
        var waiting = f.pool.acquire(f.in(2));

        f.timer.advance(Duration.ofMillis(1999));
        assertThat(waiting).isNotDone();
        f.timer.advance(Duration.ofMillis(1));

        assertThat(failureOf(waiting)).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("hello");
        assertThat(f.pool.snapshot().queued()).isZero();
    }

    @Test
    void deadlineAlreadyPassedFailsAtOnce() {
        var f = new PoolFixture(1, 1, 1);
        assertThat(failureOf(f.pool.acquire(f.clock.instant()))).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void servedWaiterDoesNotTimeOutLater() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease first = leaseOf(f.pool.acquire(f.in(30)));
        var waiting = f.pool.acquire(f.in(2));
        first.release();
        Lease second = leaseOf(waiting);

        f.timer.advance(Duration.ofSeconds(5));

        assertThat(waiting.join()).isSameAs(second);
        assertThat(f.timer.pending()).isZero();
    }

    @Test
    void releasedRoomGoesToWaitersInArrivalOrder() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease holder = leaseOf(f.pool.acquire(f.in(30)));
        var a = f.pool.acquire(f.in(30));
        var b = f.pool.acquire(f.in(30));
        var c = f.pool.acquire(f.in(30));

        holder.release();
        assertThat(a).isDone();
        assertThat(b).isNotDone();
        a.join().release();
        assertThat(b).isDone();
        assertThat(c).isNotDone();
        b.join().release();
        assertThat(c).isDone();
    }

    @Test
    void newCallsDoNotOvertakeWaiters() {
        var f = new PoolFixture(1, 0, 1);
        var first = f.pool.acquire(f.in(30));
        var second = f.pool.acquire(f.in(30));
        f.executor.runAll();
        assertThat(first).isDone();

        var late = f.pool.acquire(f.in(30));
        first.join().release();

        assertThat(second).isDone();
        assertThat(late).isNotDone();
    }

    @Test
    void releaseTwiceCountsOnce() {
        var f = new PoolFixture(3, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        leaseOf(f.pool.acquire(f.in(30)));

        a.release();
        a.release();
        a.failed(new RuntimeException("late"));

        assertThat(f.pool.snapshot().inFlight()).isEqualTo(1);
        assertThat(f.pool.snapshot().instances().get(0).suspect()).isFalse();
    }

    @Test
    void adoptedInstanceServesAtOnce() {
        var f = new PoolFixture(2, 0, 3);
        f.pool.adopt(new LaunchedInstance("hello", "old-1", "c-old", "10.9.9.9", 8080, "hash0", true));

        Lease lease = leaseOf(f.pool.acquire(f.in(30)));

        assertThat(lease.instanceId()).isEqualTo("old-1");
        assertThat(lease.host()).isEqualTo("10.9.9.9");
        assertThat(f.launcher.launched).isEmpty();
        InstanceSnapshot adopted = f.instance("old-1");
        assertThat(adopted.containerId()).isEqualTo("c-old");
        assertThat(adopted.state()).isEqualTo(InstanceState.READY);
    }

    @Test
    void adoptingTheSameContainerTwiceKeepsOneInstance() {
        var f = new PoolFixture(2, 0, 3);
        var found = new LaunchedInstance("hello", "old-1", "c-old", "10.9.9.9", 8080, "hash0", true);
        f.pool.adopt(found);
        f.pool.adopt(found);
        assertThat(f.pool.snapshot().instances()).hasSize(1);
    }

    @Test
    void adoptedInstanceServesWaitingCalls() {
        var f = new PoolFixture(1, 0, 1);
        var waiting = f.pool.acquire(f.in(30)); // its launch stays pending on the executor
        f.pool.adopt(new LaunchedInstance("hello", "old-1", "c-old", "10.9.9.9", 8080, "hash0", true));
        assertThat(leaseOf(waiting).instanceId()).isEqualTo("old-1");
    }
}
