package io.stoker.runtime.pool;

/** No instance could start and none is running (HTTP 502); the message carries the launcher's reason. */
public final class LaunchFailedException extends PoolException {

    private final String reason;

    public LaunchFailedException(String function, String reason) {
        super(function, "no instance could start: " + reason);
        this.reason = reason;
    }

    /** The launcher's own message. */
    public String reason() {
        return reason;
    }
}
