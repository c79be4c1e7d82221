package io.stoker.runtime.pool;

import io.stoker.runtime.instance.LaunchedInstance;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The pool's record of one instance. {@link #calls} is the lock-free side the call path uses; {@link #suspect},
 * {@link #standby} and {@link #loss} are volatile because the call path reads or clears them; every other field is
 * guarded by the owning pool's lock.
 *
 * <p>The stored state is never BUSY: "READY at its limit" is read off the count when a snapshot is taken, since calls
 * come and go without the lock. The count is open exactly while the stored state is READY ({@link #serve}).
 */
final class PoolInstance {

    final String id;
    final Instant startedAt;
    final InstanceCalls calls;
    InstanceState state = InstanceState.STARTING;
    /** Null while STARTING. */
    LaunchedInstance launched;
    /** A call failed at connection level and no call succeeded since: picked last. */
    volatile boolean suspect;
    /** Launched to stand by: paused as soon as it is ready and no call waits; cleared once it serves. */
    volatile boolean standby;
    /** When the current launch or resume was asked for, to time it. */
    Instant requestedAt;
    /** Why it is STOPPING, for {@link PoolListener#instanceStopped}. */
    String stopReason = "closed";
    /** When it last became READY (launched, resumed or adopted): a reconcile judges only what was ready before it listed. */
    Instant readyAt;
    /** Its last launch or resume; null if it was adopted and never started by this pool. Read by leases. */
    volatile InstanceStart lastStart;
    /** Why it was lost, once it was; read by aborted leases on any thread. */
    volatile InstanceLoss loss;
    /** What the engine check after a failed call finds; null while no check runs. */
    CompletableFuture<Optional<InstanceLoss>> verdict;
    /** Calls that failed while the check runs: they were in flight when the instance went, if it went. */
    int failedAwaitingVerdict;

    /** {@code startedNanos} is {@code startedAt} on the pool's nanosecond time line. */
    PoolInstance(String id, Instant startedAt, long startedNanos, int concurrency) {
        this.id = id;
        this.startedAt = startedAt;
        this.requestedAt = startedAt;
        this.calls = new InstanceCalls(concurrency, startedNanos);
    }

    /** The launch or adoption returned: READY and serving. Under lock. */
    void ready(LaunchedInstance running, Instant now, long nowNanos) {
        launched = running;
        readyAt = now;
        serve(nowNanos);
    }

    /** READY, and its count open to calls. Under lock. */
    void serve(long nowNanos) {
        state = InstanceState.READY;
        calls.open(nowNanos);
    }

    boolean serving() {
        return state == InstanceState.READY;
    }

    /**
     * What the pool knows now; {@code now} and {@code nowNanos} are the same moment on the pool's clock and its
     * nanosecond time line, to place the last use.
     */
    InstanceSnapshot snapshot(Instant now, long nowNanos, int concurrency) {
        int inFlight = calls.inFlight();
        InstanceState shown = state == InstanceState.READY && inFlight >= concurrency ? InstanceState.BUSY : state;
        return new InstanceSnapshot(
                id,
                launched == null ? null : launched.containerId(),
                shown,
                inFlight,
                launched == null ? null : launched.host(),
                launched == null ? 0 : launched.port(),
                startedAt,
                now.minusNanos(nowNanos - calls.lastUsed()),
                suspect,
                standby);
    }
}
