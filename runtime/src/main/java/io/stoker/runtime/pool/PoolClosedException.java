package io.stoker.runtime.pool;

/** The pool was drained or closed (function deleted or updated) before the call got an instance (HTTP 503/404). */
public final class PoolClosedException extends PoolException {

    public PoolClosedException(String function) {
        super(function, "the pool was closed (function deleted or updated)");
    }
}
