package io.stoker.runtime.pool;

import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
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

    /** Launches {@code instanceId}; exactly one of {@code ready} or {@code failed} (with the reason) is called. */
    void launch(String instanceId, Consumer<LaunchedInstance> ready, Consumer<String> failed) {
        Runnable work = () -> {
            LaunchedInstance running;
            try {
                running = launcher.launch(spec, specHash, instanceId);
            } catch (RuntimeException e) {
                failed.accept(reasonOf(e));
                return;
            }
            ready.accept(running);
        };
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            failed.accept("the launch executor refused the launch: " + e.getMessage());
        }
    }

    /** Freezes the instance; exactly one of {@code done} or {@code failed} (with the reason) is called. */
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

    /** Asks the engine whether the container still runs, and runs {@code ifGone} when it does not. */
    void checkRunning(String containerId, Runnable ifGone) {
        submit(() -> {
            boolean running;
            try {
                running = launcher.find(spec.name()).stream()
                        .anyMatch(found -> found.containerId().equals(containerId) && found.running());
            } catch (RuntimeException e) {
                LOG.debugf(e, "function %s: could not check container %s", spec.name(), containerId);
                return;
            }
            if (!running) {
                ifGone.run();
            }
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
