package io.stoker.runtime.pool;

/**
 * Taking and ending leases on the instance counters, without the pool's lock (the fast path of the call); the same
 * code serves queued calls under the lock. See "Thread-safety" on {@link FunctionPool} for the protocol.
 */
final class Leases {

    private final PoolState state;
    private final FunctionPool pool;

    Leases(PoolState state, FunctionPool pool) {
        this.state = state;
        this.pool = pool;
    }

    /**
     * A lease on the instance {@link ReadyInstances#pick} chooses, counted and registered; null when no READY
     * instance has room or the pool closed meanwhile. Never blocks, takes no lock.
     */
    PoolLease tryLease() {
        while (true) {
            PoolInstance instance = state.ready.pick(state.concurrency);
            if (instance == null) {
                return null;
            }
            int before = instance.calls.tryEnter();
            if (before < 0) {
                continue; // it filled up or closed since the pick: choose again
            }
            PoolLease lease = new PoolLease(pool, instance);
            instance.calls.begin(lease, before, state.nanos());
            if (instance.standby) {
                instance.standby = false; // it serves: no longer a standby to pause
            }
            if (instance.calls.closed() || state.closed) {
                // Taken out of service between the count and the registration: only a death or a close does that
                // (pausing and reaping close a count of 0 only). Its abort may or may not have seen this lease in its
                // slot; whoever wins the lease's end accounts for it, and the lease is never handed out.
                end(lease);
                if (state.closed) {
                    return null;
                }
                continue;
            }
            return lease;
        }
    }

    /** Ends {@code lease} if nothing else did: frees its slot and count; false when it had ended already. */
    boolean end(PoolLease lease) {
        if (!lease.end()) {
            return false;
        }
        lease.instance.calls.end(lease, state.nanos());
        return true;
    }

    /**
     * Ends every lease out on {@code instance} as aborted, after closing it to new calls, and collects their abort
     * callbacks. {@code loss} must be set on the instance first: an aborted lease reads it. Under lock.
     */
    void abortAll(PoolInstance instance, Effects fx) {
        instance.calls.close();
        long now = state.nanos();
        instance.calls.forEachLease(lease -> {
            if (lease.abort()) {
                instance.calls.end(lease, now);
                Runnable callbacks = lease.takeAbortCallbacks();
                if (callbacks != null) {
                    fx.add(callbacks);
                }
            }
        });
    }
}
