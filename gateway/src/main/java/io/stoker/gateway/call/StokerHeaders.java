package io.stoker.gateway.call;

import io.vertx.core.MultiMap;

/** The headers Stoker adds to every call, whatever its trigger. */
final class StokerHeaders {

    static final String INVOCATION_ID = "x-stoker-invocation-id";
    static final String DEADLINE_MS = "x-stoker-deadline-ms";

    private StokerHeaders() {}

    /** The call's id (for logs on both sides) and its deadline in epoch milliseconds (so the function may stop early). */
    static void add(MultiMap headers, String invocationId, long deadlineEpochMs) {
        headers.set(INVOCATION_ID, invocationId).set(DEADLINE_MS, Long.toString(deadlineEpochMs));
    }
}
