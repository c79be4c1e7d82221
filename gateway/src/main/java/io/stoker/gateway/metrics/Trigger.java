package io.stoker.gateway.metrics;

import java.util.Locale;

/** What a call came from, as the {@code trigger} tag says it. */
public enum Trigger {
    HTTP,
    KAFKA,
    /** An async call ({@code /async-function/...}), run after its request was answered. */
    ASYNC,
    /** A tick of a schedule, run as an async call. */
    SCHEDULE;

    /**
     * Whether this trigger's component records its calls itself, one record per call id with its attempts (async
     * calls and schedule ticks), so the call path hands it each attempt's record and gives the recorder none.
     */
    public boolean recordsOwnCalls() {
        return this == ASYNC || this == SCHEDULE;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
