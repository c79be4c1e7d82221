package io.stoker.gateway.auth;

import io.stoker.runtime.spec.Quantities;
import java.time.Duration;

/** Durations as the token and audit options write them: the manifest's (500ms, 30s, 5m, 1h) and days ({@code 30d}). */
public final class Lifetime {

    private Lifetime() {}

    /** Throws {@link IllegalArgumentException} naming {@code key} when {@code text} is no duration. */
    public static Duration parse(String key, String text) {
        String t = text.trim();
        if (t.matches("[0-9]{1,5}d")) {
            return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        try {
            return Quantities.duration(key, t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration; write e.g. 30m, 12h or 30d");
        }
    }
}
