package io.stoker.gateway.records;

import java.util.Locale;

/** How the instance that served a call came to serve it. */
public enum StartKind {
    /** It was running and ready. */
    WARM,
    /** It was paused (standby) and was resumed for this call. */
    RESUME,
    /** It was started for this call. */
    COLD,
    /** The call never reached an instance. */
    NONE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
