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
    /** The last launch failed because the engine did not answer: calls wait for it rather than fail at once. */
    private boolean engineAway;

    Launches(PoolState state, FunctionPool pool) {
        this.state = state;
        this.pool = pool;
    }

    /** Message of the last failed launch, null after a success. Under lock. */
    String lastError() {
        return lastError;
    }

    /**
     * No instance is live and launches are in back-off after a failure of the function's own (not an engine that is
     * away, which may come back before the call's deadline): a new call would only wait for nothing. Under lock.
     */
    boolean failFast(Instant now) {
        return !engineAway && !state.hasLive() && now.isBefore(pausedUntil);
    }

    /** The engine answers again: the back-off that grew while it was away is over at once. Under lock. */
    void engineBack(Effects fx, Instant now) {
        if (failuresInARow > 0 || engineAway) {
            LOG.infof("function %s: the engine answers again; launching without back-off", state.function());
        }
        failuresInARow = 0;
        engineAway = false;
        pausedUntil = Instant.MIN;
        cancelRetry();
        retryTimer = null;
        plan(fx, now);
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
            PoolInstance instance = state.newInstance(state.newId(now), now);
            instance.standby = i >= plan.coldActive();
            state.add(instance);
            fx.add(() -> state.engine.launch(instance.id, running -> launched(instance, running),
                    failure -> launchFailed(instance, failure)));
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
            long nowNanos = state.nanos();
            Duration took = Duration.between(instance.requestedAt, now);
            instance.lastStart = new InstanceStart(StartKind.COLD, state.sourceNanos(nowNanos), took.toNanos()); // before calls see it
            instance.ready(running, now, nowNanos);
            fx.add(() -> state.listener.instanceStarted(state.function(), StartKind.COLD, took));
            failuresInARow = 0;
            engineAway = false;
            lastError = null;
            pool.dispatch(fx);
            // A standby pauses at once unless it took a call: a queued one, or one on the lock-free path since.
            if (!(instance.standby && pool.standby.pause(instance, fx, nowNanos))) {
                instance.standby = false;
            }
            plan(fx, now);
        });
    }

    private void launchFailed(PoolInstance instance, EngineCalls.LaunchFailure failure) {
        String reason = failure.reason();
        state.locked(fx -> {
            LOG.warnf("function %s: instance %s failed to start: %s", state.function(), instance.id, reason);
            instance.state = InstanceState.DEAD;
            state.remove(instance);
            fx.add(() -> state.listener.instanceStartFailed(state.function(), StartKind.COLD, reason));
            if (state.closed) {
                pool.shutdown.checkTerminated(fx);
                return;
            }
            failuresInARow++;
            lastError = reason;
            engineAway = failure.engineAway();
            Duration backoff = state.settings.backoffAfter(failuresInARow);
            pausedUntil = state.clock.instant().plus(backoff);
            cancelRetry();
            retryTimer = state.timer.schedule(this::backoffOver, backoff);
            if (!state.hasLive() && !engineAway) {
                // An engine that is away may be back before the calls' deadlines: they wait for it.
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
