package io.stoker.runtime.pool;

/** Where one pooled instance is in its life; see the contract on {@link FunctionPool}. */
public enum InstanceState {
    /** The launcher is creating it and waiting for readiness; it takes no calls yet. */
    STARTING,
    /** Serving, with room for at least one more call. */
    READY,
    /** Serving at its concurrency limit. */
    BUSY,
    /** Idle, and the engine is freezing it; it takes no calls (it may still be running). */
    PAUSING,
    /** Frozen as a standby; it takes no calls until resumed. */
    PAUSED,
    /** The engine is thawing it for a call; it takes calls once READY. */
    RESUMING,
    /** Being stopped and removed; it takes no calls. */
    STOPPING,
    /** Gone: exited, failed, or stopped. Dead instances leave the pool at once. */
    DEAD;

    /** Whether the instance counts towards the pool's size (scale.min / scale.max). */
    public boolean live() {
        return this != STOPPING && this != DEAD;
    }

    /** Whether it serves, or is about to serve, without a resume: STARTING, RESUMING, READY or BUSY. */
    public boolean active() {
        return this == STARTING || this == RESUMING || this == READY || this == BUSY;
    }

    /** Whether it is frozen or being frozen: PAUSING or PAUSED. */
    public boolean standing() {
        return this == PAUSING || this == PAUSED;
    }
}
