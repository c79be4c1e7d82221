package io.stoker.runtime.trigger;

/** Where a trigger runner is in its life. */
public enum TriggerState {
    /** Created or started, not yet connected. */
    STARTING,
    /** Connected and reading. */
    RUNNING,
    /** Connected, but every assigned partition is paused (function saturated, or buffers full). */
    PAUSED,
    /** The broker did not answer (not yet, or no longer); retrying in the background. */
    WAITING_FOR_BROKER,
    /** Closed. */
    STOPPED
}
