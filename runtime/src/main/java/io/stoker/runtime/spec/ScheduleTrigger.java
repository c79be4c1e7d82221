package io.stoker.runtime.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A schedule that calls the function: each tick one async call (POST {@code path} with {@code body}).
 *
 * @param cron five-field cron, a name such as {@code @hourly}, or {@code @every <duration>}
 * @param timezone the zone whose wall clock (and daylight-saving rules) the cron fields are read in
 * @param path function path each tick is POSTed to
 * @param body the body of each tick's call
 * @param overlap whether a tick fires while the previous tick's call still runs
 * @param missed what to do about ticks that could not fire in time (Stoker down, or a gateway handing over)
 */
public record ScheduleTrigger(String cron, ZoneId timezone, String path, String body, Overlap overlap, Missed missed) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    public ScheduleTrigger {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
    }

    /**
     * A short name of the schedule, stable as long as its cron, zone, path and body stay: the key its last fired
     * tick is kept under. Changing {@code overlap} or {@code missed} keeps it (and so the schedule's memory);
     * changing when or what it fires makes a new schedule.
     */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.join("\n", cron, timezone.getId(), path, body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a tick fires while the previous one still runs. */
    public enum Overlap { SKIP, ALLOW }

    /** Ticks missed while no gateway could fire them: none fired (skip), or one catch-up tick (once). */
    public enum Missed { SKIP, ONCE }
}
