package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stoker.runtime.engine.ExitCause;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Time-weighted concurrency on virtual time: {@link FunctionPool#busyNanos} sees short calls and long ones alike. */
class FunctionPoolBusyTimeTest {

    static final double SECOND = 1e9;

    @Test
    void twoThousandCallsOfOneMillisecondInOneSecondAreAConcurrencyOfTwo() {
        var f = new PoolFixture(4, 1, 1);
        f.pool.start();
        f.executor.runAll();
        long before = f.pool.busyNanos();
        for (int i = 0; i < 1_000; i++) { // two at a time, 1 ms each: 2,000 calls in one second
            Lease a = leaseOf(f.pool.acquire(f.in(30)));
            Lease b = leaseOf(f.pool.acquire(f.in(30)));
            f.timer.advance(Duration.ofMillis(1));
            a.release();
            b.failed(new RuntimeException("a failed call counts too"));
        }
        double concurrency = (f.pool.busyNanos() - before) / SECOND;
        assertThat(concurrency).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aTenSecondCallIsAConcurrencyOfOneInEachOfTenOneSecondReads() {
        var f = new PoolFixture(1, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease call = leaseOf(f.pool.acquire(f.in(60)));
        long previous = f.pool.busyNanos();
        for (int second = 0; second < 10; second++) {
            f.timer.advance(Duration.ofSeconds(1));
            long now = f.pool.busyNanos();
            assertThat((now - previous) / SECOND).as("second %d", second).isCloseTo(1.0, within(1e-9));
            previous = now;
        }
        call.release();
        f.timer.advance(Duration.ofSeconds(1));
        assertThat(f.pool.busyNanos()).as("nothing in flight: no more call time").isEqualTo(previous);
    }

    @Test
    void anAbortedLeaseStopsCountingAtTheAbort() {
        var f = new PoolFixture(2, 1, 2);
        f.pool.start();
        f.executor.runAll();
        Lease a = leaseOf(f.pool.acquire(f.in(60)));
        Lease b = leaseOf(f.pool.acquire(f.in(60)));
        long start = f.pool.busyNanos();
        f.timer.advance(Duration.ofSeconds(3));

        f.exited(f.launcher.containerOf(a.instanceId()), ExitCause.KILLED);
        long atAbort = f.pool.busyNanos();
        f.timer.advance(Duration.ofSeconds(5));
        a.release(); // ignored: the abort ended both
        b.release();

        assertThat(atAbort - start).isEqualTo(Duration.ofSeconds(6).toNanos());
        assertThat(f.pool.busyNanos()).as("the dead instance's calls stopped at the abort").isEqualTo(atAbort);
    }

    @Test
    void callTimeOfInstancesThatLeftThePoolKeepsCounting() {
        var f = new PoolFixture(1, 0, 1);
        var call = f.pool.acquire(f.in(60));
        f.executor.runAll();
        Lease lease = leaseOf(call);
        f.timer.advance(Duration.ofSeconds(2));
        lease.release();
        long served = f.pool.busyNanos();
        assertThat(served).isEqualTo(Duration.ofSeconds(2).toNanos());

        f.timer.advance(Duration.ofMinutes(10));
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.pool.snapshot().instances()).isEmpty();

        assertThat(f.pool.busyNanos()).isEqualTo(served);
        f.pool.detach();
        assertThat(f.pool.busyNanos()).isEqualTo(served);
    }

    @Test
    void aDetachedInstanceCountsItsCallsUntilTheyEnd() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        Lease lease = leaseOf(f.pool.acquire(f.in(60)));
        f.timer.advance(Duration.ofSeconds(1));
        f.pool.detach();
        f.timer.advance(Duration.ofSeconds(1));
        assertThat(f.pool.busyNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        lease.release();
        f.timer.advance(Duration.ofSeconds(1));
        assertThat(f.pool.busyNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void anIdlePoolHasNoCallTime() {
        var f = new PoolFixture(2, 1, 1);
        f.pool.start();
        f.executor.runAll();
        f.timer.advance(Duration.ofHours(1));
        assertThat(f.pool.busyNanos()).isZero();
    }
}
