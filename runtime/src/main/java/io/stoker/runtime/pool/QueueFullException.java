package io.stoker.runtime.pool;

/** The wait queue is at its limit (HTTP 429). */
public final class QueueFullException extends PoolException {

    public QueueFullException(String function, int queueLimit) {
        super(function, "too many calls waiting (queue limit " + queueLimit + ")");
    }
}
