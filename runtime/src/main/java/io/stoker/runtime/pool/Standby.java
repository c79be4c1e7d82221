package io.stoker.runtime.pool;

import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Pausing idle instances and resuming paused ones (contract items 9 and 10 on {@link FunctionPool}). The transitional
 * states PAUSING and RESUMING take no calls, so a call never gets a half-frozen instance; a completion that finds its
 * instance in another state (stopped or exited meanwhile) changes nothing.
 */
final class Standby {

    private static final Logger LOG = Logger.getLogger(Standby.class);

    private final PoolState state;
    private final FunctionPool pool;

    Standby(PoolState state, FunctionPool pool) {
        this.state = state;
        this.pool = pool;
    }

    /** Pauses the instances idle for {@code scale.pauseAfter}, keeping {@code desired} active. Under lock. */
    void pauseIdle(Effects fx, Instant now) {
        if (!state.engine.canPause()) {
            return;
        }
        long nowNanos = state.nanos();
        for (InstanceSnapshot idle : ScalePlanning.toPause(state.snapshots(now, nowNanos), now,
                state.spec.scale().pauseAfter(), state.desired)) {
            pause(state.instances.get(idle.id()), fx, nowNanos);
        }
    }

    /**
     * READY with nothing in flight → PAUSING, then PAUSED once the engine has frozen it; false (and nothing changes)
     * when a call is in flight or came and went after {@code since}, without the lock. Under lock.
     */
    boolean pause(PoolInstance instance, Effects fx, long since) {
        if (!state.engine.canPause() || instance.state != InstanceState.READY || !instance.calls.closeIfUnusedSince(since)) {
            return false;
        }
        instance.state = InstanceState.PAUSING;
        var launched = instance.launched;
        fx.add(() -> state.engine.pause(launched, () -> paused(instance), reason -> pauseFailed(instance, reason)));
        return true;
    }

    private void paused(PoolInstance instance) {
        state.locked(fx -> {
            if (instance.state != InstanceState.PAUSING) {
                return;
            }
            instance.state = InstanceState.PAUSED;
            // A call may have arrived while it froze, and counted on it rather than on a launch.
            pool.launches.plan(fx, state.clock.instant());
        });
    }

    /** The engine could not freeze it: it serves on, and is tried again after another {@code pauseAfter}. */
    private void pauseFailed(PoolInstance instance, String reason) {
        state.locked(fx -> {
            if (instance.state != InstanceState.PAUSING) {
                return;
            }
            LOG.warnf("function %s: could not pause instance %s: %s", state.function(), instance.id, reason);
            Instant now = state.clock.instant();
            instance.serve(state.nanos());
            instance.standby = false;
            pool.dispatch(fx);
            pool.launches.plan(fx, now);
        });
    }

    /** PAUSED → RESUMING, then READY once the engine has thawed it. Under lock. */
    void resume(PoolInstance instance, Effects fx, Instant now) {
        instance.state = InstanceState.RESUMING;
        instance.requestedAt = now;
        var launched = instance.launched;
        fx.add(() -> state.engine.resume(launched, () -> resumed(instance), reason -> resumeFailed(instance, reason)));
    }

    private void resumed(PoolInstance instance) {
        state.locked(fx -> {
            if (instance.state != InstanceState.RESUMING) {
                return;
            }
            Instant now = state.clock.instant();
            long nowNanos = state.nanos();
            Duration took = Duration.between(instance.requestedAt, now);
            instance.lastStart = new InstanceStart(StartKind.RESUME, state.sourceNanos(nowNanos), took.toNanos());
            instance.serve(nowNanos);
            instance.standby = false;
            fx.add(() -> state.listener.instanceStarted(state.function(), StartKind.RESUME, took));
            pool.dispatch(fx);
            pool.launches.plan(fx, now);
        });
    }

    /** The instance is replaced: it is stopped, and the plan resumes another or launches; waiting calls stay queued. */
    private void resumeFailed(PoolInstance instance, String reason) {
        state.locked(fx -> {
            if (instance.state != InstanceState.RESUMING) {
                return;
            }
            LOG.warnf("function %s: could not resume instance %s, replacing it: %s", state.function(), instance.id,
                    reason);
            fx.add(() -> state.listener.instanceStartFailed(state.function(), StartKind.RESUME, reason));
            pool.shutdown.stop(instance, "resume failed", fx);
            pool.launches.plan(fx, state.clock.instant());
        });
    }
}
