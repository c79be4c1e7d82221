package io.stoker.runtime.pool;

import java.time.Instant;

/** The call's deadline passed before an instance was free (HTTP 504). */
public final class DeadlineExceededException extends PoolException {

    public DeadlineExceededException(String function, Instant deadline) {
        this(function, deadline, null);
    }

    /** @param lastLaunchError why the last launch failed, when one did (the engine away, say); null if none */
    public DeadlineExceededException(String function, Instant deadline, String lastLaunchError) {
        super(function, "no instance was free before the call's deadline " + deadline
                + (lastLaunchError == null ? "" : "; the last launch failed: " + lastLaunchError));
        this.lastLaunchError = lastLaunchError;
    }

    private final String lastLaunchError;

    /** Why the last launch failed while the call waited, or null. */
    public String lastLaunchError() {
        return lastLaunchError;
    }
}
