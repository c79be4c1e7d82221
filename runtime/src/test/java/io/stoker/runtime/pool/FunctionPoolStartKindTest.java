package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A lease tells its instance's last start (launch or resume) and when it was ready, so the call path can tell a call
 * that waited for a start from one that found the instance warm; reading it takes no lock.
 */
class FunctionPoolStartKindTest {

    @Test
    void aLaunchedInstanceTellsItsColdStartAndAResumedOneItsResume() {
        var f = FunctionPoolStandbyTest.pool(1, 0, 3, 0);
        long before = f.clock.nanoTime();
        var call = f.pool.acquire(f.in(30));
        f.clock.advance(Duration.ofMillis(40));
        f.executor.runAll();
        Lease cold = leaseOf(call);
        InstanceStart start = cold.lastStart();
        assertThat(start.kind()).isEqualTo(StartKind.COLD);
        assertThat(start.readyNanos()).isGreaterThan(before);
        assertThat(start.tookNanos()).isEqualTo(Duration.ofMillis(40).toNanos());
        cold.release();

        long lockBefore = f.pool.lockEntries();
        Lease warm = leaseOf(f.pool.acquire(f.in(30)));
        assertThat(warm.lastStart()).as("the same start: a call arriving after it found the instance warm")
                .isSameAs(start);
        assertThat(f.pool.lockEntries()).as("reading it takes no lock").isEqualTo(lockBefore);
        warm.release();

        f.timer.advance(FunctionPoolStandbyTest.PAUSE_AFTER);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.instance(cold.instanceId()).state()).isEqualTo(InstanceState.PAUSED);
        var resumedCall = f.pool.acquire(f.in(30));
        f.clock.advance(Duration.ofMillis(7));
        f.executor.runAll();
        Lease resumed = leaseOf(resumedCall);
        assertThat(resumed.instanceId()).isEqualTo(cold.instanceId());
        assertThat(resumed.lastStart().kind()).isEqualTo(StartKind.RESUME);
        assertThat(resumed.lastStart().tookNanos()).isEqualTo(Duration.ofMillis(7).toNanos());
        assertThat(resumed.lastStart().readyNanos()).isGreaterThan(start.readyNanos());
        resumed.release();
    }
}
