package io.stoker.runtime.pool;

import io.stoker.runtime.engine.EngineException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * A call that failed at connection level (contract item 4 on {@link FunctionPool}): the instance turns suspect and the
 * engine is asked whether it still runs; every failed call on it gets the one answer. Always under the pool's lock:
 * failures are rare, and the warm path does not come here.
 */
final class FailedCalls {

    private static final Logger LOG = Logger.getLogger(FailedCalls.class);

    private final PoolState state;
    private final FunctionPool pool;

    FailedCalls(PoolState state, FunctionPool pool) {
        this.state = state;
        this.pool = pool;
    }

    /** A call failed on {@code instance}: mark it suspect and ask the engine, or answer with what is known. Under lock. */
    void judge(PoolInstance instance, Throwable cause, CompletableFuture<Optional<InstanceLoss>> verdict,
            Effects fx) {
        if (instance.serving() && state.instances.get(instance.id) == instance) {
            instance.suspect = true;
            if (instance.verdict == null) {
                LOG.debugf("function %s: instance %s suspect after %s", state.function(), instance.id, cause);
                instance.verdict = new CompletableFuture<>();
                fx.add(() -> check(instance, true));
            }
            instance.failedAwaitingVerdict++;
            instance.verdict.whenComplete((found, e) -> verdict.complete(found));
        } else {
            verdict.complete(Optional.ofNullable(instance.loss));
        }
    }

    /**
     * Asks the engine about a suspect instance. A container that ended is DEAD with the engine's cause; one that still
     * runs is asked again after {@link PoolSettings#lossGrace} (an instance killed a moment ago may still be listed
     * running), and only then is the failure the call's own; an engine that does not answer took the instance with it.
     */
    private void check(PoolInstance instance, boolean first) {
        state.engine.checkExit(instance.launched, exit -> state.locked(fx -> {
            if (state.instances.get(instance.id) != instance || !instance.serving()) {
                // Stopped, paused or detached meanwhile: lost only if it was lost.
                settle(instance, Optional.ofNullable(instance.loss), fx);
            } else if (exit.isPresent()) {
                pool.exited(instance, InstanceLoss.Cause.of(exit.get().cause()), fx);
            } else if (first) {
                state.timer.schedule(() -> check(instance, false), state.settings.lossGrace());
            } else {
                settle(instance, Optional.empty(), fx);
            }
        }), error -> state.locked(fx -> {
            if (state.instances.get(instance.id) == instance && instance.serving()
                    && EngineException.unreachable(error)) {
                pool.exited(instance, InstanceLoss.Cause.ENGINE_LOST, fx);
            } else {
                settle(instance, Optional.ofNullable(instance.loss), fx);
            }
        }));
    }

    /** Completes the instance's pending check, if any, with what was found. Under lock. */
    static void settle(PoolInstance instance, Optional<InstanceLoss> found, Effects fx) {
        CompletableFuture<Optional<InstanceLoss>> verdict = instance.verdict;
        instance.verdict = null;
        instance.failedAwaitingVerdict = 0;
        if (verdict != null) {
            fx.add(() -> verdict.complete(found));
        }
    }
}
