package io.stoker.runtime.pool;

/** How an instance came to serve: created from its image, or thawed from a paused standby. */
public enum StartKind {
    /** Created and started from the image (a cold start). */
    COLD,
    /** Thawed from PAUSED. */
    RESUME
}
