package io.stoker.runtime.schedule;

import java.util.Locale;

/** What became of a tick, as {@code stoker_schedule_ticks_total{outcome}} says it. */
public enum TickOutcome {
    /** Its call was accepted (durable). */
    FIRED,
    /** Not fired: the previous tick's call still ran ({@code overlap: skip}). */
    SKIPPED,
    /** Never fired: it was due while no gateway could fire it ({@code missed: skip}), or a newer tick replaced it. */
    MISSED,
    /** Its call could not be accepted (no such function, broker away), or its tick could not be remembered. */
    FAILED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
