package io.stoker.runtime.pool;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Holds submitted work until the test runs it, so launch and stop completions happen exactly when the test says. */
final class ManualExecutor implements Executor {

    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs the oldest task; false when there was none. */
    boolean runNext() {
        Runnable next;
        synchronized (this) {
            next = tasks.poll();
        }
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    /** Runs tasks (including ones they submit) until none is left. */
    void runAll() {
        while (runNext()) {
            // keep going
        }
    }

    synchronized int pending() {
        return tasks.size();
    }
}
