package io.stoker.gateway.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The first step of a streamed answer (a pull), run on its own thread, with the answer held until the step prints
 * its first line or ends. A failure before any line — the engine reports an unknown tag or a refused login before it
 * streams anything — is thrown from {@link #awaitFirst} and becomes a plain 4xx with nothing started; once a line
 * has come, the answer is a 200 stream and the rest of the step follows as events.
 */
final class HeldStart {

    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private HeldStart() {}

    /** Starts {@code step}, handing it a sink for its progress lines. */
    static HeldStart run(String name, Consumer<Consumer<String>> step) {
        HeldStart held = new HeldStart();
        Thread t = new Thread(() -> {
            try {
                step.accept(held.lines::add);
                held.done.complete(null);
            } catch (RuntimeException | Error e) {
                held.done.completeExceptionally(e);
            }
        }, "stoker-" + name);
        t.setDaemon(true);
        t.start();
        return held;
    }

    /** Waits for the first line or the end; rethrows the step's failure when it failed before any line. */
    void awaitFirst() {
        while (lines.isEmpty() && !done.isDone()) {
            try {
                done.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // look at the lines again
            } catch (ExecutionException failed) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the engine", e);
            }
        }
        if (lines.isEmpty()) {
            rethrow();
        }
    }

    /** Passes every line to {@code sink} until the step ends; rethrows its failure. */
    void drainTo(Consumer<String> sink) {
        try {
            while (!done.isDone() || !lines.isEmpty()) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    sink.accept(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the engine", e);
        }
        rethrow();
    }

    private void rethrow() {
        if (!done.isCompletedExceptionally()) {
            return;
        }
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause();
        }
    }
}
