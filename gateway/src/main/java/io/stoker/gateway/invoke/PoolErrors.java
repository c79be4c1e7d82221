package io.stoker.gateway.invoke;

import io.stoker.runtime.pool.DeadlineExceededException;
import io.stoker.runtime.pool.LaunchFailedException;
import io.stoker.runtime.pool.PoolClosedException;
import io.stoker.runtime.pool.QueueFullException;
import io.vertx.core.http.HttpServerResponse;

/** Maps why the pool could not lease an instance to the HTTP answer the caller gets. */
final class PoolErrors {

    private PoolErrors() {}

    static void reply(HttpServerResponse response, String function, Throwable cause) {
        if (cause instanceof QueueFullException) {
            InvokeErrors.send(response, 429, "queue_full", "every instance of '" + function
                    + "' is busy and its wait queue is full; retry later: " + cause.getMessage());
        } else if (cause instanceof DeadlineExceededException) {
            InvokeErrors.send(response, 504, "timeout", "no instance of '" + function
                    + "' was free within the function's timeout");
        } else if (cause instanceof LaunchFailedException) {
            InvokeErrors.send(response, 502, "instance_failed", "no instance of '" + function + "' could start: "
                    + cause.getMessage() + " (see 'stoker logs " + function + "')");
        } else if (cause instanceof PoolClosedException) {
            InvokeErrors.send(response, 503, "function_replaced", "function '" + function
                    + "' was updated or deleted while this call waited; retry");
        } else {
            InvokeErrors.send(response, 500, "internal_error", "the gateway failed: " + cause);
        }
    }
}
