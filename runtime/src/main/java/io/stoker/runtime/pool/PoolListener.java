package io.stoker.runtime.pool;

import java.time.Duration;

/**
 * Pool events for metrics and logs. Called after the pool's lock is released, on whatever thread finished the engine
 * call; must be quick and thread-safe. An exception thrown here is logged and otherwise ignored.
 */
public interface PoolListener {

    /** Does nothing. */
    PoolListener NONE = new PoolListener() {};

    /** An instance became READY; {@code took} runs from the launch or resume request, on the pool's clock. */
    default void instanceStarted(String function, StartKind kind, Duration took) {}

    /** A launch or a resume failed; {@code reason} is the launcher's message. */
    default void instanceStartFailed(String function, StartKind kind, String reason) {}

    /**
     * An instance left the pool: {@code reason} is one of {@code idle}, {@code exited}, {@code resume failed},
     * {@code closed} (drain, close, or a launch that returned after either).
     */
    default void instanceStopped(String function, String reason) {}
}
