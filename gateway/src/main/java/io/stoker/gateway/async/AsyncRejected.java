package io.stoker.gateway.async;

import io.stoker.gateway.call.CallError;

/** Why {@link AsyncCalls#submit} did not accept a call: the error an HTTP caller gets (404, 503, ...). */
public final class AsyncRejected extends RuntimeException {

    private final transient CallError error;

    public AsyncRejected(CallError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public CallError error() {
        return error;
    }
}
