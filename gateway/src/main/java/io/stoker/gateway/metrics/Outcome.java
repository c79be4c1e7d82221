package io.stoker.gateway.metrics;

import java.util.Locale;

/** How a call ended, as the {@code outcome} tag says it. */
public enum Outcome {
    /** The function answered 1xx–3xx. */
    SUCCESS,
    /** The function answered 4xx. */
    CLIENT_ERROR,
    /** The function answered 5xx. */
    SERVER_ERROR,
    /** No answer within the function's timeout (504). */
    TIMEOUT,
    /** The instance failed or could not start (502). */
    INSTANCE_FAILED,
    /** Stoker turned the call away: queue full, body too large, function replaced. */
    REJECTED,
    /** Over the function's {@code limits.rate}: turned away (429) before anything else. */
    RATE_LIMITED,
    /** The caller left while the call waited for an instance: withdrawn, never sent to the function. */
    CANCELLED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of an answer the function itself gave. */
    public static Outcome ofFunctionStatus(int status) {
        return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
    }
}
