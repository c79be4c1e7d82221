package io.stoker.gateway.records;

import java.util.Locale;

/** How a recorded call ended, as the record and the API spell it. */
public enum CallStatus {
    /** An async call (or schedule tick) accepted and durable, not yet run. */
    ACCEPTED,
    /** An async call being run (an attempt is in flight, or it waits for its next attempt). */
    RUNNING,
    /** The function answered 1xx-3xx. */
    SUCCESS,
    /** The function answered 4xx or 5xx. */
    FUNCTION_ERROR,
    /** No answer within the function's timeout. */
    TIMEOUT,
    /** Turned away by Stoker (queue full, body too large, no such function, function replaced). */
    REJECTED,
    /** Over the function's rate limit. */
    RATE_LIMITED,
    /** The instance failed or could not start. */
    INSTANCE_FAILED,
    /** The caller left before the call reached the function. */
    CANCELLED,
    /** An async call or record that used up its attempts and went to the dead-letter topic. */
    DEAD_LETTERED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
