package io.stoker.runtime.pool;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The right to send one call to one instance. Exactly one of {@link #release()}, {@link #failed(Throwable)} or an
 * abort (the instance died) ends it; later calls to either method are ignored. Thread-safe.
 */
public interface Lease {

    String instanceId();

    String host();

    int port();

    /** The call is over (whatever the function answered); the instance may take another. */
    void release();

    /**
     * The call failed at connection level: ends the lease and marks the instance suspect, and the pool asks the engine
     * whether it still runs. The future says what the pool found: the instance's loss, or empty when it still runs
     * (so the failure was the call's own). It completes within about a second, on any thread; ignore it when the
     * answer does not matter.
     */
    CompletableFuture<Optional<InstanceLoss>> failed(Throwable cause);

    /**
     * Runs {@code callback} if the instance dies while this lease is out, so the caller can fail the call at once; runs
     * it immediately when the lease was already aborted. Not run after release/failed.
     */
    void onAbort(Runnable callback);

    /** Why the instance was lost, once this lease was aborted; null before. */
    InstanceLoss loss();

    /**
     * The instance's last start (launch or resume), to tell whether a call waited for it: null when the pool never
     * started it (adopted at gateway start). One volatile read; the lease's lock-free path stays as it is.
     */
    default InstanceStart lastStart() {
        return null;
    }
}
