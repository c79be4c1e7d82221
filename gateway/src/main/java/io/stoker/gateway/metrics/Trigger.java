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

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
