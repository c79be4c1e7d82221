package io.stoker.runtime.pool;

import io.stoker.runtime.instance.LaunchedInstance;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The pool's mutable record of one instance. Every field is guarded by the owning pool's lock. */
final class PoolInstance {

    final String id;
    final Instant startedAt;
    InstanceState state = InstanceState.STARTING;
    /** Null while STARTING. */
    LaunchedInstance launched;
    int inFlight;
    Instant lastUsed;
    boolean suspect;
    /** Launched to stand by: paused as soon as it is ready and no call waits; cleared once it serves. */
    boolean standby;
    /** When the current launch or resume was asked for, to time it. */
    Instant requestedAt;
    /** Why it is STOPPING, for {@link PoolListener#instanceStopped}. */
    String stopReason = "closed";
    /** When it last became READY (launched, resumed or adopted): a reconcile judges only what was ready before it listed. */
    Instant readyAt;
    /** Why it was lost, once it was; read by aborted leases on any thread. */
    volatile InstanceLoss loss;
    /** What the engine check after a failed call finds; null while no check runs. */
    CompletableFuture<Optional<InstanceLoss>> verdict;
    /** Calls that failed while the check runs: they were in flight when the instance went, if it went. */
    int failedAwaitingVerdict;
    /** Leases out on this instance, aborted if it dies. */
    final Set<PoolLease> leases = new HashSet<>();

    PoolInstance(String id, Instant startedAt) {
        this.id = id;
        this.startedAt = startedAt;
        this.lastUsed = startedAt;
        this.requestedAt = startedAt;
    }

    void ready(LaunchedInstance running, Instant now) {
        launched = running;
        state = InstanceState.READY;
        lastUsed = now;
        readyAt = now;
    }

    /** Keeps READY/BUSY in step with the in-flight count. */
    void updateBusy(int concurrency) {
        if (state == InstanceState.READY && inFlight >= concurrency) {
            state = InstanceState.BUSY;
        } else if (state == InstanceState.BUSY && inFlight < concurrency) {
            state = InstanceState.READY;
        }
    }

    boolean serving() {
        return state == InstanceState.READY || state == InstanceState.BUSY;
    }

    InstanceSnapshot snapshot() {
        return new InstanceSnapshot(
                id,
                launched == null ? null : launched.containerId(),
                state,
                inFlight,
                launched == null ? null : launched.host(),
                launched == null ? 0 : launched.port(),
                startedAt,
                lastUsed,
                suspect,
                standby);
    }
}
