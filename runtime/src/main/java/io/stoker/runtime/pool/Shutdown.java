package io.stoker.runtime.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Stopping instances, and drain/close/detach of the whole pool (contract items 6 and 8 on {@link FunctionPool}). */
final class Shutdown {

    private final PoolState state;
    private final FunctionPool pool;
    // Guarded by state.lock.
    private boolean stoppingAll;
    private CompletableFuture<Void> terminated;
    private Timer.Cancellable graceTimer;

    Shutdown(PoolState state, FunctionPool pool) {
        this.state = state;
        this.pool = pool;
    }

    CompletableFuture<Void> drain(Duration grace) {
        AtomicReference<CompletableFuture<Void>> done = new AtomicReference<>();
        state.locked(fx -> {
            if (terminated == null) {
                beginClose(fx);
                if (state.totalInFlight() == 0) {
                    stopAll(fx);
                } else {
                    graceTimer = state.timer.schedule(this::graceOver, grace);
                }
                checkTerminated(fx);
            }
            done.set(terminated);
        });
        return done.get();
    }

    void close() {
        state.locked(fx -> {
            if (terminated == null) {
                beginClose(fx);
            }
            if (!stoppingAll) {
                stopAll(fx);
            }
        });
    }

    void detach() {
        state.locked(fx -> {
            if (terminated == null) {
                beginClose(fx);
            }
            stoppingAll = true;
            for (PoolInstance instance : List.copyOf(state.instances.values())) {
                instance.calls.close(); // its calls in flight end as usual; no new one starts
                state.remove(instance);
            }
            checkTerminated(fx);
        });
    }

    /** After the last call of a drain ends, stops everything. Under lock. */
    void finishDrainIfIdle(Effects fx) {
        if (state.closed && !stoppingAll && state.totalInFlight() == 0) {
            stopAll(fx);
        }
    }

    /** Marks {@code instance} STOPPING and has the engine remove it; it leaves the pool when that returns. Under lock. */
    void stop(PoolInstance instance, String reason, Effects fx) {
        instance.calls.close(); // closed already (idle, paused or aborted): STOPPING never serves
        instance.state = InstanceState.STOPPING;
        instance.stopReason = reason;
        fx.add(() -> state.engine.stop(instance.launched, () -> stopped(instance)));
    }

    /** Completes the drain future once no instance is left. Under lock. */
    void checkTerminated(Effects fx) {
        if (terminated != null && state.instances.isEmpty()) {
            CompletableFuture<Void> done = terminated;
            fx.add(() -> done.complete(null));
        }
    }

    private void beginClose(Effects fx) {
        state.closed = true;
        terminated = new CompletableFuture<>();
        pool.launches.cancelRetry();
        pool.failAllWaiters(fx, () -> new PoolClosedException(state.function()));
    }

    private void graceOver() {
        state.locked(fx -> {
            if (!stoppingAll) {
                stopAll(fx);
            }
        });
    }

    /**
     * Stops every instance the engine knows (a PAUSING or RESUMING one too: its completion then changes nothing);
     * STARTING ones are stopped when their launch returns.
     */
    private void stopAll(Effects fx) {
        stoppingAll = true;
        if (graceTimer != null) {
            graceTimer.cancel();
        }
        for (PoolInstance instance : state.instances.values()) {
            if (instance.state.live() && instance.state != InstanceState.STARTING) {
                pool.abortLeases(instance, InstanceLoss.Cause.STOPPED, fx);
                stop(instance, "closed", fx);
            }
        }
        checkTerminated(fx);
    }

    private void stopped(PoolInstance instance) {
        state.locked(fx -> {
            instance.state = InstanceState.DEAD;
            state.remove(instance);
            String reason = instance.stopReason;
            fx.add(() -> state.listener.instanceStopped(state.function(), reason));
            checkTerminated(fx);
        });
    }
}
