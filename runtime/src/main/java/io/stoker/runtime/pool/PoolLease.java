package io.stoker.runtime.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A lease handed out by a {@link FunctionPool}. It ends exactly once: {@link #end} and {@link #abort} race on one
 * compare-and-set of its state, and only the winner lowers the instance's count. Its abort callback is a single
 * compare-and-set too, so {@link #onAbort} takes no lock: an abort swaps the callback for {@link #RAN} after winning the
 * state, and a callback that finds {@code RAN} runs itself.
 */
final class PoolLease implements Lease {

    private static final int OPEN = 0;
    private static final int ENDED = 1;
    private static final int ABORTED = 2;
    /** Stands in the callback field once an abort took the callbacks: later ones run at once. */
    private static final Runnable RAN = () -> {};

    private static final VarHandle STATE;
    private static final VarHandle CALLBACK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(PoolLease.class, "state", int.class);
            CALLBACK = lookup.findVarHandle(PoolLease.class, "callback", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FunctionPool pool;
    final PoolInstance instance;
    private final String host;
    private final int port;
    /** The instance slot it holds ({@link InstanceCalls#begin}). */
    int slot;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    @SuppressWarnings("unused") // through CALLBACK
    private volatile Runnable callback;

    PoolLease(FunctionPool pool, PoolInstance instance) {
        this.pool = pool;
        this.instance = instance;
        this.host = instance.launched.host();
        this.port = instance.launched.port();
    }

    /** Wins the end for a release, a failure or an undone acquire; false when it had ended already. */
    boolean end() {
        return STATE.compareAndSet(this, OPEN, ENDED);
    }

    /** Wins the end for an abort (the instance is gone); false when it had ended already. */
    boolean abort() {
        return STATE.compareAndSet(this, OPEN, ABORTED);
    }

    /** After winning {@link #abort}: the callbacks registered so far (null if none); later ones run themselves. */
    Runnable takeAbortCallbacks() {
        Runnable taken = (Runnable) CALLBACK.getAndSet(this, RAN);
        return taken == RAN ? null : taken;
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
        Objects.requireNonNull(callback, "callback");
        while (true) {
            Runnable current = (Runnable) CALLBACK.getVolatile(this);
            if (current == RAN) {
                callback.run(); // aborted already: RAN is only set after the state says so
                return;
            }
            Runnable next = current == null ? callback : both(current, callback);
            if (CALLBACK.compareAndSet(this, current, next)) {
                return; // an abort after this runs it; after a release or failure nothing does
            }
        }
    }

    private static Runnable both(Runnable first, Runnable second) {
        return () -> {
            try {
                first.run();
            } finally {
                second.run();
            }
        };
    }

    @Override
    public InstanceStart lastStart() {
        return instance.lastStart;
    }

    @Override
    public InstanceLoss loss() {
        return (int) STATE.getVolatile(this) == ABORTED ? instance.loss : null;
    }

    @Override
    public String toString() {
        return "Lease[" + instance.id + " " + host + ":" + port + "]";
    }
}
