package io.stoker.gateway.api;

import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.ws.rs.WebApplicationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A {@code since} parameter: a duration back from now ({@code 10m}, {@code 2h}, {@code 7d}) or an ISO-8601 instant. */
final class Since {

    private Since() {}

    /** The instant {@code text} means, null when it is absent; a 400 saying what it takes when it is neither. */
    static Instant parse(String text, Clock clock) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notAnInstant) {
            Duration back;
            try {
                back = DurationConverter.parseDuration(text.trim());
            } catch (RuntimeException e) {
                back = null;
            }
            if (back == null || back.isNegative()) {
                throw new WebApplicationException(ApiError.response(400, "invalid_parameter", "since '" + text
                        + "' is neither a duration (10m, 2h, 7d) nor an instant (2026-01-31T12:00:00Z)"));
            }
            return clock.instant().minus(back);
        }
    }
}
