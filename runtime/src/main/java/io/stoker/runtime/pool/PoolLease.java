package io.stoker.runtime.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A lease handed out by a {@link FunctionPool}; its mutable fields are guarded by the pool's lock. */
final class PoolLease implements Lease {

    private final FunctionPool pool;
    final PoolInstance instance;
    private final String host;
    private final int port;
    /** Released, failed or aborted: later ends are ignored. */
    boolean ended;
    volatile boolean aborted;
    final List<Runnable> abortCallbacks = new ArrayList<>(1);

    PoolLease(FunctionPool pool, PoolInstance instance) {
        this.pool = pool;
        this.instance = instance;
        this.host = instance.launched.host();
        this.port = instance.launched.port();
    }

    @Override
    public String instanceId() {
        return instance.id;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void release() {
        pool.endLease(this, null, null);
    }

    @Override
    public CompletableFuture<Optional<InstanceLoss>> failed(Throwable cause) {
        CompletableFuture<Optional<InstanceLoss>> verdict = new CompletableFuture<>();
        pool.endLease(this, Objects.requireNonNull(cause, "cause"), verdict);
        return verdict;
    }

    @Override
    public void onAbort(Runnable callback) {
        pool.onAbort(this, Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public InstanceLoss loss() {
        return aborted ? instance.loss : null;
    }

    @Override
    public String toString() {
        return "Lease[" + instance.id + " " + host + ":" + port + "]";
    }
}
