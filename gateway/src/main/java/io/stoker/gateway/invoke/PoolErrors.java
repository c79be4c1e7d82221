package io.stoker.gateway.invoke;

import io.stoker.runtime.pool.DeadlineExceededException;
import io.stoker.runtime.pool.LaunchFailedException;
import io.stoker.runtime.pool.PoolClosedException;
import io.stoker.runtime.pool.QueueFullException;
import io.vertx.core.http.HttpServerResponse;

/** Maps why the pool could not lease an instance to the HTTP answer the caller gets. */
final class PoolErrors {

    private PoolErrors() {}

    /** Answers for the pool and returns the status sent. */
    static int reply(HttpServerResponse response, String function, Throwable cause) {
        if (cause instanceof QueueFullException) {
            return send(response, 429, "queue_full", "every instance of '" + function
                    + "' is busy and its wait queue is full; retry later: " + cause.getMessage());
        }
        if (cause instanceof DeadlineExceededException) {
            return send(response, 504, "timeout", "no instance of '" + function
                    + "' was free within the function's timeout" + launchError((DeadlineExceededException) cause));
        }
        if (cause instanceof LaunchFailedException) {
            return send(response, 502, "instance_failed", "no instance of '" + function + "' could start: "
                    + cause.getMessage());
        }
        if (cause instanceof PoolClosedException) {
            return send(response, 503, "function_replaced", "function '" + function
                    + "' was updated or deleted while this call waited; retry");
        }
        return send(response, 500, "internal_error", "the gateway failed: " + cause);
    }

    /** What the pool said of its last failed launch (an engine that is away, say), so the 504 says why. */
    private static String launchError(DeadlineExceededException e) {
        return e.lastLaunchError() == null ? "" : "; the last launch failed: " + e.lastLaunchError();
    }

    private static int send(HttpServerResponse response, int status, String code, String message) {
        InvokeErrors.send(response, status, code, message);
        return status;
    }
}
