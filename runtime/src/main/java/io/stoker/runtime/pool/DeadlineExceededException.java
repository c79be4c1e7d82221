package io.stoker.runtime.pool;

import java.time.Instant;

/** The call's deadline passed before an instance was free (HTTP 504). */
public final class DeadlineExceededException extends PoolException {

    public DeadlineExceededException(String function, Instant deadline) {
        super(function, "no instance was free before the call's deadline " + deadline);
    }
}
