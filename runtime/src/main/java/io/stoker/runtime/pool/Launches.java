package io.stoker.runtime.pool;

import io.stoker.runtime.instance.LaunchedInstance;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Applies {@link ScalePlanning#plan}: resumes paused instances and launches new ones, handles launch results, and
 * keeps the back-off after failed launches (contract items 1, 2 and 10 on {@link FunctionPool}).
 */
final class Launches {

    private static final Logger LOG = Logger.getLogger(Launches.class);

    private final PoolState state;
    private final FunctionPool pool;
    // Guarded by state.lock.
    private int failuresInARow;
    private Instant pausedUntil = Instant.MIN;
    private String lastError;
    private Timer.Cancellable retryTimer;

    Launches(PoolState state, FunctionPool pool) {
        this.state = state;
        this.pool = pool;
    }

    /** Message of the last failed launch, null after a success. Under lock. */
    String lastError() {
        return lastError;
    }

    /** No instance is live and launches are in back-off: a new call would only wait for nothing. Under lock. */
    boolean failFast(Instant now) {
        return !state.hasLive() && now.isBefore(pausedUntil);
    }

    /** Under lock. */
    void cancelRetry() {
        if (retryTimer != null) {
            retryTimer.cancel();
        }
    }

    /** Resumes and launches what the plan says now. Under lock. */
    void plan(Effects fx, Instant now) {
        if (state.closed) {
            return;
        }
        ScalePlanning.LaunchPlan plan = ScalePlanning.plan(state.snapshots(), state.queue.size(), state.concurrency,
                state.targets(), !now.isBefore(pausedUntil));
        for (InstanceSnapshot paused : plan.resumes()) {
            pool.standby.resume(state.instances.get(paused.id()), fx, now);
        }
        for (int i = 0; i < plan.cold(); i++) {
            PoolInstance instance = new PoolInstance(state.newId(now), now);
            instance.standby = i >= plan.coldActive();
            state.instances.put(instance.id, instance);
            fx.add(() -> state.engine.launch(instance.id, running -> launched(instance, running),
                    reason -> launchFailed(instance, reason)));
        }
    }

    private void launched(PoolInstance instance, LaunchedInstance running) {
        state.locked(fx -> {
            Instant now = state.clock.instant();
            if (state.closed) {
                instance.launched = running;
                pool.shutdown.stop(instance, "closed", fx);
                return;
            }
            instance.ready(running, now);
            Duration took = Duration.between(instance.requestedAt, now);
            fx.add(() -> state.listener.instanceStarted(state.function(), StartKind.COLD, took));
            failuresInARow = 0;
            lastError = null;
            pool.dispatch(fx, now);
            if (instance.standby && instance.inFlight == 0) {
                pool.standby.pause(instance, fx);
            } else {
                instance.standby = false;
            }
            plan(fx, now);
        });
    }

    private void launchFailed(PoolInstance instance, String reason) {
        state.locked(fx -> {
            LOG.warnf("function %s: instance %s failed to start: %s", state.function(), instance.id, reason);
            instance.state = InstanceState.DEAD;
            state.instances.remove(instance.id, instance);
            fx.add(() -> state.listener.instanceStartFailed(state.function(), StartKind.COLD, reason));
            if (state.closed) {
                pool.shutdown.checkTerminated(fx);
                return;
            }
            failuresInARow++;
            lastError = reason;
            Duration backoff = state.settings.backoffAfter(failuresInARow);
            pausedUntil = state.clock.instant().plus(backoff);
            cancelRetry();
            retryTimer = state.timer.schedule(this::backoffOver, backoff);
            if (!state.hasLive()) {
                pool.failAllWaiters(fx, () -> new LaunchFailedException(state.function(), reason));
            }
        });
    }

    private void backoffOver() {
        state.locked(fx -> {
            pausedUntil = Instant.MIN; // the timer, not the clock, ends the pause: they may disagree slightly
            retryTimer = null;
            plan(fx, state.clock.instant());
        });
    }
}
