package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.failureOf;
import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.testing.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The races of the lock-free path, each played out on one thread in the one order that matters: the pool's time sources
 * are injected, so a hook in them runs "the other thread" at the exact point the pool reads the time.
 */
class FunctionPoolRaceTest {

    /** A ManualClock whose next {@code instant()} (not {@code millis()}) or next nanosecond read first runs a hook. */
    static final class HookedTime extends Clock implements LongSupplier {
        final ManualClock inner = new ManualClock(PoolFixture.T0);
        private Runnable onInstant;
        private Runnable onNanos;
        final AtomicInteger fired = new AtomicInteger();

        @Override
        public Instant instant() {
            Runnable hook = onInstant;
            onInstant = null;
            if (hook != null) {
                fired.incrementAndGet();
                hook.run();
            }
            return inner.instant();
        }

        @Override
        public long millis() {
            return inner.millis();
        }

        @Override
        public long getAsLong() {
            Runnable hook = onNanos;
            onNanos = null;
            if (hook != null) {
                fired.incrementAndGet();
                hook.run();
            }
            return inner.nanoTime();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    final HookedTime time = new HookedTime();
    final ManualTimer timer = new ManualTimer(time.inner);
    final ManualExecutor executor = new ManualExecutor();
    final FakeLauncher launcher = new FakeLauncher();

    FunctionPool pool(int concurrency, int min, int max) {
        var pool = new FunctionPool(PoolFixture.spec(concurrency, min, max), "hash1", launcher,
                PoolSettings.defaults(), time, time, executor, timer, PoolListener.NONE);
        pool.start();
        executor.runAll();
        return pool;
    }

    long deadline() {
        return time.inner.millis() + 30_000;
    }

    /**
     * A call counted on an instance that dies before its lease is registered: the abort cannot see the lease, so the
     * acquire must notice the close itself and undo; the call then waits for the replacement.
     */
    @Test
    void anAcquireThatCountedJustBeforeADeathUndoesItselfAndWaitsForTheReplacement() {
        var pool = pool(2, 1, 1);
        String doomed = pool.snapshot().instances().get(0).containerId();
        // the fast path reads the nanosecond time between counting the call and registering its lease
        time.onNanos = () -> {
            assertThat(pool.snapshot().inFlight()).as("counted, not registered").isEqualTo(1);
            pool.instanceExited(new io.stoker.runtime.engine.ContainerExit(doomed,
                    io.stoker.runtime.engine.ExitCause.KILLED, 137, PoolFixture.T0));
        };

        var call = pool.acquire(deadline());

        assertThat(time.fired).hasValue(1);
        assertThat(call).as("no lease on the dead instance").isNotDone();
        executor.runAll(); // the replacement starts
        Lease lease = leaseOf(call);
        assertThat(lease.loss()).isNull();
        assertThat(pool.owns(lease.instanceId())).isTrue();
        assertThat(launcher.containerOf(lease.instanceId())).isNotEqualTo(doomed);
        pool.busyNanos();
        assertThat(pool.retiredPending()).as("the dead instance's count is back to zero").isZero();
    }

    @Test
    void anAcquireThatCountedJustBeforeTheCloseFailsAsClosed() {
        var pool = pool(2, 1, 1);
        time.onNanos = pool::close;

        var call = pool.acquire(deadline());

        assertThat(time.fired).hasValue(1);
        assertThat(failureOf(call)).isInstanceOf(PoolClosedException.class);
        executor.runAll();
        pool.busyNanos();
        assertThat(pool.retiredPending()).isZero();
    }

    /** A drain that begins while such an acquire is counted still ends as soon as it has undone itself. */
    @Test
    void aDrainDoesNotWaitItsGraceForAnAcquireThatUndidItself() {
        var pool = pool(2, 1, 1);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>> drained =
                new java.util.concurrent.atomic.AtomicReference<>();
        time.onNanos = () -> drained.set(pool.drain(java.time.Duration.ofMinutes(1)));

        var call = pool.acquire(deadline());

        assertThat(failureOf(call)).isInstanceOf(PoolClosedException.class);
        executor.runAll(); // the stops; the grace timer is never advanced
        assertThat(drained.get()).isCompleted();
    }

    /**
     * No lost wake-up: the only lease ends on the lock-free path after the newcomer found no room but before it queued
     * (so the release sees nobody waiting and takes no lock); the newcomer must find the room itself once queued.
     */
    @Test
    void aReleaseBetweenTheLookAndTheQueueIsNotLost() {
        var pool = pool(1, 1, 1);
        Lease only = leaseOf(pool.acquire(deadline()));
        // the slow path reads the clock (for the launch back-off) after finding no room, before it queues
        time.onInstant = () -> {
            assertThat(pool.snapshot().queued()).as("not queued yet").isZero();
            long entries = pool.lockEntries();
            only.release();
            assertThat(pool.lockEntries()).as("a release with nobody waiting takes no lock").isEqualTo(entries);
        };

        var call = pool.acquire(deadline());

        assertThat(time.fired).hasValue(1);
        assertThat(leaseOf(call).instanceId()).isEqualTo(only.instanceId());
        assertThat(pool.snapshot().queued()).isZero();
    }
}
