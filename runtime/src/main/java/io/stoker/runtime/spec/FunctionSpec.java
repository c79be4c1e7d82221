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
        Map<String, String> buildArgs) {

    public FunctionSpec {
        env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
        kafkaTriggers = java.util.List.copyOf(kafkaTriggers);
        buildArgs = java.util.Collections.unmodifiableMap(new TreeMap<>(buildArgs));
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
                kafkaTriggers, buildArgs);
    }

    /**
     * Per-instance limits.
     *
     * @param memoryBytes memory limit
     * @param cpu CPUs (fractions allowed)
     * @param timeout deadline of one call
     * @param concurrency calls one instance serves at once
     */
    public record Limits(long memoryBytes, double cpu, Duration timeout, int concurrency) {}

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
