package io.stoker.runtime.spec;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated function definition, as written in {@code stoker.yaml} or sent as JSON.
 *
 * @param name DNS label
 * @param template java, node, python or dockerfile; empty when {@code image} is given
 * @param handler template-specific entry point
 * @param image an image the engine already has, instead of a build; after a build, the built tag
 * @param port the port the function serves HTTP on
 * @param env environment variables
 * @param user user to run as ("uid:gid" or name); empty means the image's non-root USER or 65534
 * @param limits per-instance limits
 * @param scale pool sizing
 * @param readinessPath HTTP path probed for readiness; empty means a TCP connect
 * @param kafkaTriggers Kafka topics whose records invoke the function
 * @param buildArgs build arguments of the image build ({@code build.args}), by name
 * @param async how async calls of the function are retried ({@code async:})
 * @param schedules schedules whose ticks invoke the function ({@code triggers.schedule})
 * @param secrets names of the secrets given to its instances as files under {@code /var/stoker/secrets/NAME/}
 * @param auth who may call its invoke routes
 * @param egress whether its instances have a route out of the machine ({@code egress:})
 */
public record FunctionSpec(
        String name,
        String template,
        String handler,
        String image,
        int port,
        Map<String, String> env,
        String user,
        Limits limits,
        Scale scale,
        String readinessPath,
        java.util.List<KafkaTrigger> kafkaTriggers,
        Map<String, String> buildArgs,
        AsyncSettings async,
        java.util.List<ScheduleTrigger> schedules,
        java.util.List<String> secrets,
        Auth auth,
        Egress egress) {

    public FunctionSpec {
        java.util.Objects.requireNonNull(async, "async");
        env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
        kafkaTriggers = java.util.List.copyOf(kafkaTriggers);
        buildArgs = java.util.Collections.unmodifiableMap(new TreeMap<>(buildArgs));
        schedules = java.util.List.copyOf(schedules);
        secrets = java.util.List.copyOf(new java.util.TreeSet<>(secrets));
        auth = auth == null ? Auth.PUBLIC : auth;
        egress = egress == null ? Egress.INTERNET : egress;
    }

    /** A spec with the default egress ({@code internet}). */
    public FunctionSpec(String name, String template, String handler, String image, int port, Map<String, String> env,
                        String user, Limits limits, Scale scale, String readinessPath,
                        java.util.List<KafkaTrigger> kafkaTriggers, Map<String, String> buildArgs, AsyncSettings async,
                        java.util.List<ScheduleTrigger> schedules, java.util.List<String> secrets, Auth auth) {
        this(name, template, handler, image, port, env, user, limits, scale, readinessPath, kafkaTriggers, buildArgs,
                async, schedules, secrets, auth, Egress.INTERNET);
    }

    /** Where its instances' traffic may go ({@code egress:} in stoker.yaml). */
    public enum Egress {
        /** A network with a route out, as any container's (the default). */
        INTERNET,
        /** A network with no route out: only the gateway reaches the instance, and it reaches nothing beyond the host. */
        NONE
    }

    /** Who may call a function's invoke routes ({@code auth:} in stoker.yaml). */
    public enum Auth {
        /** Anyone who reaches the gateway (the default). */
        PUBLIC,
        /** Only holders of an {@code invoke} token scoped to the function, or of an admin token. */
        TOKEN
    }

    /** A spec without schedules or secrets, open to every caller. */
    public FunctionSpec(String name, String template, String handler, String image, int port, Map<String, String> env,
                        String user, Limits limits, Scale scale, String readinessPath,
                        java.util.List<KafkaTrigger> kafkaTriggers, Map<String, String> buildArgs, AsyncSettings async) {
        this(name, template, handler, image, port, env, user, limits, scale, readinessPath, kafkaTriggers, buildArgs,
                async, java.util.List.of(), java.util.List.of(), Auth.PUBLIC);
    }

    /** A spec without secrets, open to every caller. */
    public FunctionSpec(String name, String template, String handler, String image, int port, Map<String, String> env,
                        String user, Limits limits, Scale scale, String readinessPath,
                        java.util.List<KafkaTrigger> kafkaTriggers, Map<String, String> buildArgs, AsyncSettings async,
                        java.util.List<ScheduleTrigger> schedules) {
        this(name, template, handler, image, port, env, user, limits, scale, readinessPath, kafkaTriggers, buildArgs,
                async, schedules, java.util.List.of(), Auth.PUBLIC);
    }

    /** A spec without schedules. */
    public FunctionSpec(String name, String template, String handler, String image, int port, Map<String, String> env,
                        String user, Limits limits, Scale scale, String readinessPath,
                        java.util.List<KafkaTrigger> kafkaTriggers, Map<String, String> buildArgs, AsyncSettings async,
                        java.util.List<String> secrets, Auth auth) {
        this(name, template, handler, image, port, env, user, limits, scale, readinessPath, kafkaTriggers, buildArgs,
                async, java.util.List.of(), secrets, auth);
    }

    /** A spec with the default async settings. */
    public FunctionSpec(String name, String template, String handler, String image, int port, Map<String, String> env,
                        String user, Limits limits, Scale scale, String readinessPath,
                        java.util.List<KafkaTrigger> kafkaTriggers, Map<String, String> buildArgs) {
        this(name, template, handler, image, port, env, user, limits, scale, readinessPath, kafkaTriggers, buildArgs,
                AsyncSettings.DEFAULTS);
    }

    /** A spec without build args. */
    public FunctionSpec(String name, String template, String handler, String image, int port, Map<String, String> env,
                        String user, Limits limits, Scale scale, String readinessPath,
                        java.util.List<KafkaTrigger> kafkaTriggers) {
        this(name, template, handler, image, port, env, user, limits, scale, readinessPath, kafkaTriggers, Map.of());
    }

    /** A spec without triggers. */
    public FunctionSpec(String name, String template, String handler, String image, int port, Map<String, String> env,
                        String user, Limits limits, Scale scale, String readinessPath) {
        this(name, template, handler, image, port, env, user, limits, scale, readinessPath, java.util.List.of());
    }

    /** Same spec, other image (set after a build). */
    public FunctionSpec withImage(String newImage) {
        return new FunctionSpec(name, template, handler, newImage, port, env, user, limits, scale, readinessPath,
                kafkaTriggers, buildArgs, async, schedules, secrets, auth, egress);
    }

    /**
     * Per-instance limits.
     *
     * @param memoryBytes memory limit
     * @param cpu CPUs (fractions allowed)
     * @param timeout deadline of one call
     * @param concurrency calls one instance serves at once
     */
    public record Limits(long memoryBytes, double cpu, Duration timeout, int concurrency, RateLimit rate) {

        /** Limits without a rate limit. */
        public Limits(long memoryBytes, double cpu, Duration timeout, int concurrency) {
            this(memoryBytes, cpu, timeout, concurrency, null);
        }
    }

    /**
     * How many HTTP calls a function takes: {@code count} per {@code per}, with up to {@code burst} at once after a
     * quiet spell ({@code limits.rate: 100/s}, {@code limits.burst}).
     */
    public record RateLimit(long count, Duration per, int burst) {

        private static final java.util.regex.Pattern TEXT = java.util.regex.Pattern.compile("([1-9][0-9]{0,8})/([smh])");

        /**
         * Reads {@code 100/s}, {@code 600/m} or {@code 1000/h} with one second's worth of burst (at least 1); a bad
         * text is a {@link SpecException} on {@code key}. Shared by {@code limits.rate} and the gateway's settings.
         */
        public static RateLimit parse(String key, String text) {
            java.util.regex.Matcher m = TEXT.matcher(text.trim());
            if (!m.matches()) {
                throw new SpecException(key, "'" + text + "' is not a rate; write calls per second, minute or "
                        + "hour, e.g. 100/s, 600/m or 1000/h");
            }
            long count = Long.parseLong(m.group(1));
            Duration per = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                default -> Duration.ofHours(1);
            };
            int oneSecond = (int) Math.min(1_000_000, Math.max(1, Math.ceil(count * 1e9 / per.toNanos())));
            return new RateLimit(count, per, oneSecond);
        }

        /** The same rate with another burst. */
        public RateLimit withBurst(int burst) {
            return new RateLimit(count, per, burst);
        }

        /** Calls per second on average. */
        public double perSecond() {
            return count * 1e9 / per.toNanos();
        }

        /** As written in {@code stoker.yaml}: {@code 100/s}, {@code 600/m}, {@code 1000/h}. */
        public String text() {
            String unit = per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "m" : "h";
            return count + "/" + unit;
        }
    }

    /**
     * Pool sizing and the autoscaler's settings.
     *
     * @param min instances kept warm (0 allowed)
     * @param max instances at most
     * @param idle how long an instance may stay idle before it stops (down to min)
     * @param target concurrent calls per instance the autoscaler aims at; 0 means 70% of limits.concurrency
     * @param window the autoscaler's stable window
     * @param panicWindow the autoscaler's panic window
     * @param zeroGrace how long without demand before the last instance stops (min 0)
     * @param pauseAfter an idle instance is paused (standby) after this long
     * @param standby paused instances kept ready beyond the active ones
     */
    public record Scale(int min, int max, Duration idle, double target, Duration window, Duration panicWindow,
                        Duration zeroGrace, Duration pauseAfter, int standby) {

        public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
        public static final Duration DEFAULT_PANIC_WINDOW = Duration.ofSeconds(6);
        public static final Duration DEFAULT_ZERO_GRACE = Duration.ofSeconds(30);
        public static final Duration DEFAULT_PAUSE_AFTER = Duration.ofSeconds(1);

        /** Sizing with the autoscaler's defaults and no standby. */
        public Scale(int min, int max, Duration idle) {
            this(min, max, idle, 0, DEFAULT_WINDOW, DEFAULT_PANIC_WINDOW, DEFAULT_ZERO_GRACE, DEFAULT_PAUSE_AFTER, 0);
        }
    }
}
