package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm call path takes no lock, keeps the pick rule, and leaves the lock to queued calls, failures and deaths. */
class FunctionPoolFastPathTest {

    static final int PAIRS = 1_000;

    @Test
    void warmAcquireReleaseOnAbortAndLossTakeNoLock() {
        var f = new PoolFixture(4, 2, 2);
        f.pool.start();
        f.executor.runAll();
        AtomicInteger aborts = new AtomicInteger();
        long before = f.pool.lockEntries();

        for (int i = 0; i < PAIRS; i++) {
            CompletableFuture<Lease> call = f.pool.acquire(f.clock.millis() + 30_000);
            assertThat(call).as("granted at once, no queue").isDone();
            Lease lease = call.join();
            lease.onAbort(aborts::incrementAndGet);
            assertThat(lease.loss()).isNull();
            lease.release();
        }
        for (int i = 0; i < PAIRS; i++) { // several out at once, and the Instant form
            Lease a = f.pool.acquire(f.in(30)).join();
            Lease b = f.pool.acquire(f.in(30)).join();
            Lease c = f.pool.acquire(f.in(30)).join();
            b.release();
            a.release();
            c.release();
            c.release(); // a second end is ignored, without the lock too
        }

        assertThat(f.pool.lockEntries()).as("lock entries over %d warm pairs", 4 * PAIRS).isEqualTo(before);
        assertThat(aborts).hasValue(0);
        assertThat(f.pool.snapshot().inFlight()).isZero();
    }

    /** The counter the test above relies on does count: the paths that must take the lock show up in it. */
    @Test
    void queueingFailingAndDyingTakeTheLock() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease held = leaseOf(f.pool.acquire(f.in(30)));

        long before = f.pool.lockEntries();
        var queued = f.pool.acquire(f.in(30));
        assertThat(queued).isNotDone();
        assertThat(f.pool.lockEntries()).as("a call that queues").isGreaterThan(before);

        before = f.pool.lockEntries();
        held.release();
        assertThat(f.pool.lockEntries()).as("a release someone waits for").isGreaterThan(before);
        Lease next = leaseOf(queued);

        before = f.pool.lockEntries();
        next.failed(new RuntimeException("reset"));
        assertThat(f.pool.lockEntries()).as("a failed call").isGreaterThan(before);
    }

    @Test
    void aReleaseWithNobodyWaitingLeavesTheQueueAloneAndAWaiterIsServedOnTheNextRelease() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(30)));
        Lease b = leaseOf(f.pool.acquire(f.in(30)));
        var waiting = f.pool.acquire(f.in(30));
        var later = f.pool.acquire(f.in(30));

        a.release();
        assertThat(waiting).isDone();
        assertThat(later).as("behind it in the queue").isNotDone();
        var newcomer = f.pool.acquire(f.in(30));
        b.release();
        assertThat(later).isDone();
        assertThat(newcomer).as("arrived after the queued ones").isNotDone();
    }

    @Test
    void anAbortRunsTheCallbackStoredWithoutTheLockExactlyOnce() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease lease = leaseOf(f.pool.acquire(f.in(30)));
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        lease.onAbort(first::incrementAndGet);
        lease.onAbort(second::incrementAndGet);

        f.exited(f.launcher.containerOf(lease.instanceId()));
        lease.release(); // ignored: the abort ended it
        AtomicInteger late = new AtomicInteger();
        lease.onAbort(late::incrementAndGet);

        assertThat(first).hasValue(1);
        assertThat(second).hasValue(1);
        assertThat(late).as("registered after the abort: runs at once").hasValue(1);
        assertThat(lease.loss()).isNotNull();
    }

    @Test
    void aCallbackOnAReleasedLeaseNeverRuns() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease lease = leaseOf(f.pool.acquire(f.in(30)));
        AtomicInteger ran = new AtomicInteger();
        lease.onAbort(ran::incrementAndGet);
        lease.release();

        f.exited(f.launcher.containerOf(lease.instanceId()));

        assertThat(ran).hasValue(0);
        assertThat(lease.loss()).isNull();
    }

    @Test
    void theLastUseIsKeptOnTheFastPathAndShownOnThePoolsClock() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        f.timer.advance(Duration.ofSeconds(7));
        Lease lease = leaseOf(f.pool.acquire(f.in(30)));
        assertThat(f.instance(lease.instanceId()).lastUsed()).isEqualTo(PoolFixture.T0.plusSeconds(7));
        f.timer.advance(Duration.ofMillis(1500));
        lease.release();
        assertThat(f.instance(lease.instanceId()).lastUsed()).isEqualTo(PoolFixture.T0.plusMillis(8500));
    }

    /**
     * The lock-free pick chooses what {@link Scheduling#pick} chooses on a snapshot of the same state, over a long
     * random walk of acquires, releases, failed calls and passing time (one thread, so the state holds still).
     */
    @Test
    void theFastPathPicksWhatSchedulingPickWouldOnTheSameState() {
        var f = new PoolFixture(3, 3, 3);
        f.pool.start();
        f.executor.runAll();
        Random random = new Random(42);
        List<Lease> out = new ArrayList<>();
        int compared = 0;
        int comparedWithSuspect = 0;
        for (int step = 0; step < 5_000; step++) {
            int op = random.nextInt(10);
            if (op < 4) {
                PoolSnapshot before = f.pool.snapshot();
                Optional<InstanceSnapshot> expected = Scheduling.pick(before.instances(), 3);
                CompletableFuture<Lease> call = f.pool.acquire(f.in(30));
                if (expected.isPresent() && before.queued() == 0) {
                    assertThat(leaseOf(call).instanceId()).as("step %d", step).isEqualTo(expected.get().id());
                    out.add(call.join());
                    compared++;
                    comparedWithSuspect += before.instances().stream().anyMatch(InstanceSnapshot::suspect) ? 1 : 0;
                } else {
                    call.cancel(false); // all full: it queued; withdraw it
                }
            } else if (op < 7 && !out.isEmpty()) {
                out.remove(random.nextInt(out.size())).release();
            } else if (op < 8 && !out.isEmpty()) {
                out.remove(random.nextInt(out.size())).failed(new RuntimeException("reset"));
                f.executor.runAll();
                f.timer.advance(PoolSettings.DEFAULT_LOSS_GRACE);
                f.executor.runAll(); // still running: the failure was the call's own, the mark stays
            } else {
                f.timer.advance(Duration.ofMillis(random.nextInt(3)));
            }
        }
        assertThat(compared).isGreaterThan(1_000);
        assertThat(comparedWithSuspect).as("choices made with a suspect instance around").isGreaterThan(100);
    }
}
