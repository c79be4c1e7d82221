package io.stoker.gateway.invoke;

import io.stoker.gateway.api.ApiError;
import io.vertx.core.http.HttpServerResponse;

/** Answers that Stoker itself gives on the invoke path, each a JSON body that says which and why. */
public final class InvokeErrors {

    private InvokeErrors() {}

    /** Writes the error unless an answer has already started; then the connection is closed instead. */
    public static void send(HttpServerResponse response, int status, String code, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // Part of the function's answer is already out: a truncated answer must not look complete.
            response.reset();
            return;
        }
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(ApiError.json(code, message));
    }
}
