package io.stoker.runtime.pool;

import static io.stoker.runtime.pool.FunctionPoolAcquireTest.leaseOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A launcher that cannot pause (Kubernetes): standby instances are kept ready, and idle ones are only stopped. */
class FunctionPoolWithoutPauseTest {

    static PoolFixture pool(int min, int max, int standby) {
        PoolFixture f = new PoolFixture(1, PoolFixture.scale(min, max, FunctionPoolStandbyTest.PAUSE_AFTER, standby),
                PoolSettings.defaults());
        f.launcher.pauses = false;
        return f;
    }

    @Test
    void standbyIsLaunchedAtStartAndKeptReady() {
        var f = pool(0, 4, 1);
        f.pool.start();
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).hasSize(1);
        assertThat(f.launcher.paused).isEmpty();

        f.timer.advance(Duration.ofMinutes(1)); // past pauseAfter, short of idle
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.launcher.paused).as("never asked to pause").isEmpty();
        assertThat(f.in(InstanceState.READY)).hasSize(1);
        assertThat(f.launcher.launched).as("the standby in place: nothing more").hasSize(1);
    }

    @Test
    void standbyComesOnTopOfMinAndOfTheAutoscalersWish() {
        var f = pool(1, 6, 2);
        f.pool.start();
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).as("min 1 + standby 2").hasSize(3);

        f.pool.setDesired(3);
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).as("desired 3 + standby 2").hasSize(5);
        assertThat(f.launcher.violations).hasValue(0);
    }

    @Test
    void idleInstancesAreStoppedDownToMinPlusStandbyNeverPaused() {
        var f = pool(0, 4, 1);
        f.pool.start();
        f.executor.runAll();
        f.pool.setDesired(3);
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).hasSize(4);
        var lease = f.pool.acquire(f.in(30));
        f.executor.runAll();
        leaseOf(lease).release();

        f.pool.setDesired(0);
        f.timer.advance(FunctionPoolStandbyTest.IDLE);
        f.pool.reap();
        f.executor.runAll();
        assertThat(f.in(InstanceState.READY)).as("standby 1 kept ready").hasSize(1);
        assertThat(f.launcher.stopped).hasSize(3);
        assertThat(f.launcher.paused).isEmpty();
    }
}
