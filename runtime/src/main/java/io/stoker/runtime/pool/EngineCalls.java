package io.stoker.runtime.pool;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The pool's blocking launcher calls, each run on the launch executor and reporting back through a callback, so the
 * pool itself only keeps state. Never called under the pool's lock.
 */
final class EngineCalls {

    private static final Logger LOG = Logger.getLogger(EngineCalls.class);

    private final FunctionSpec spec;
    private final String specHash;
    private final InstanceLauncher launcher;
    private final Executor executor;

    EngineCalls(FunctionSpec spec, String specHash, InstanceLauncher launcher, Executor executor) {
        this.spec = spec;
        this.specHash = specHash;
        this.launcher = launcher;
        this.executor = executor;
    }

    /** Why a launch failed, and whether it was because the engine does not answer at all. */
    record LaunchFailure(String reason, boolean engineAway) {}

    /** Launches {@code instanceId}; exactly one of {@code ready} or {@code failed} is called. */
    void launch(String instanceId, Consumer<LaunchedInstance> ready, Consumer<LaunchFailure> failed) {
        Runnable work = () -> {
            LaunchedInstance running;
            try {
                running = launcher.launch(spec, specHash, instanceId);
            } catch (RuntimeException e) {
                failed.accept(new LaunchFailure(reasonOf(e), EngineException.unreachable(e)));
                return;
            }
            ready.accept(running);
        };
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            failed.accept(new LaunchFailure("the launch executor refused the launch: " + e.getMessage(), false));
        }
    }

    /** Freezes the instance; exactly one of {@code done} or {@code failed} (with the reason) is called. */
    /** Whether the launcher can freeze instances at all. */
    boolean canPause() {
        return launcher.canPause();
    }

    void pause(LaunchedInstance instance, Runnable done, Consumer<String> failed) {
        call(() -> launcher.pause(instance), done, failed);
    }

    /** Thaws the instance; exactly one of {@code done} or {@code failed} (with the reason) is called. */
    void resume(LaunchedInstance instance, Runnable done, Consumer<String> failed) {
        call(() -> launcher.resume(instance), done, failed);
    }

    private void call(Runnable action, Runnable done, Consumer<String> failed) {
        Runnable work = () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                failed.accept(reasonOf(e));
                return;
            }
            done.run();
        };
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            failed.accept("the launch executor refused the call: " + e.getMessage());
        }
    }

    private static String reasonOf(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Stops and removes the container (errors are logged: it may be gone already), then runs {@code then}. */
    void stop(LaunchedInstance instance, Runnable then) {
        submit(() -> {
            try {
                launcher.stop(instance);
            } catch (RuntimeException e) {
                LOG.warnf(e, "function %s: could not stop instance %s", spec.name(), instance.instanceId());
            }
            then.run();
        });
    }

    /**
     * Asks the engine how the instance's container ended: {@code ended} gets the exit, or empty while it runs;
     * {@code unanswered} gets the error when the engine could not tell.
     */
    void checkExit(LaunchedInstance instance, Consumer<Optional<ContainerExit>> ended,
                   Consumer<RuntimeException> unanswered) {
        submit(() -> {
            Optional<ContainerExit> exit;
            try {
                exit = launcher.exitOf(instance);
            } catch (RuntimeException e) {
                LOG.debugf(e, "function %s: could not check container %s", spec.name(), instance.containerId());
                unanswered.accept(e);
                return;
            }
            ended.accept(exit);
        });
    }

    /** If the executor refuses (it is shutting down), the work runs on this thread rather than being lost. */
    private void submit(Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            work.run();
        }
    }
}
