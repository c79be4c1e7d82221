package io.stoker.runtime.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human units of {@code stoker.yaml}: memory sizes and durations. */
public final class Quantities {

    private static final Pattern MEMORY = Pattern.compile("(\\d+)(Ki|Mi|Gi|K|M|G|k)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Quantities() {}

    /** "256Mi", "1Gi", "512M", "1048576" → bytes. */
    public static long memory(String key, String text) {
        Matcher m = MEMORY.matcher(text.trim());
        if (!m.matches()) {
            throw new SpecException(key, "'" + text + "' is not a memory size; write e.g. 256Mi or 1Gi");
        }
        long n = number(key, m.group(1), text);
        String unit = m.group(2) == null ? "" : m.group(2);
        long factor = switch (unit) {
            case "Ki" -> 1024L;
            case "Mi" -> 1024L * 1024;
            case "Gi" -> 1024L * 1024 * 1024;
            case "K", "k" -> 1000L;
            case "M" -> 1000L * 1000;
            case "G" -> 1000L * 1000 * 1000;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(n, factor);
        } catch (ArithmeticException e) {
            throw new SpecException(key, "'" + text + "' is too large");
        }
    }

    /** The digits of a quantity; more than a long holds is too large, not a crash. */
    private static long number(String key, String digits, String text) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new SpecException(key, "'" + text + "' is too large");
        }
    }

    /** "200ms", "30s", "5m", "1h" → duration. */
    public static Duration duration(String key, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new SpecException(key, "'" + text + "' is not a duration; write e.g. 500ms, 30s, 5m or 1h");
        }
        long n = number(key, m.group(1), text);
        try {
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } catch (ArithmeticException e) {
            throw new SpecException(key, "'" + text + "' is too large");
        }
    }

    /** Inverse of {@link #memory}: the largest exact binary unit. */
    public static String formatMemory(long bytes) {
        if (bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + "Gi";
        }
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "Mi";
        }
        if (bytes % 1024L == 0) {
            return bytes / 1024L + "Ki";
        }
        return Long.toString(bytes);
    }

    /** Inverse of {@link #duration}: the largest exact unit. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
