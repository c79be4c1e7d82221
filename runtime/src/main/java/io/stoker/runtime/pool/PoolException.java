package io.stoker.runtime.pool;

/** Why {@link FunctionPool#acquire} could not give a lease; each subclass maps to one HTTP status in the gateway. */
public abstract sealed class PoolException extends RuntimeException
        permits QueueFullException, DeadlineExceededException, LaunchFailedException, PoolClosedException {

    private final String function;

    protected PoolException(String function, String message) {
        super("function '" + function + "': " + message);
        this.function = function;
    }

    public String function() {
        return function;
    }
}
