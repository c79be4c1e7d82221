package io.stoker.runtime.pool;

/** Where one pooled instance is in its life; see the contract on {@link FunctionPool}. */
public enum InstanceState {
    /** The launcher is creating it and waiting for readiness; it takes no calls yet. */
    STARTING,
    /** Serving, with room for at least one more call. */
    READY,
    /** Serving at its concurrency limit. */
    BUSY,
    /** Frozen as a standby (reserved: the pool does not pause instances yet). */
    PAUSED,
    /** Being stopped and removed; it takes no calls. */
    STOPPING,
    /** Gone: exited, failed, or stopped. Dead instances leave the pool at once. */
    DEAD;

    /** Whether the instance counts towards the pool's size (scale.min / scale.max). */
    public boolean live() {
        return this == STARTING || this == READY || this == BUSY || this == PAUSED;
    }
}
