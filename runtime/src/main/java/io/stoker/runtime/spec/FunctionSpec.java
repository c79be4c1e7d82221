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
        String readinessPath) {

    public FunctionSpec {
        env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
    }

    /** Same spec, other image (set after a build). */
    public FunctionSpec withImage(String newImage) {
        return new FunctionSpec(name, template, handler, newImage, port, env, user, limits, scale, readinessPath);
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
     * Pool sizing.
     *
     * @param min instances kept warm (0 allowed)
     * @param max instances at most
     * @param idle how long an instance may stay idle before it stops (down to min)
     */
    public record Scale(int min, int max, Duration idle) {}
}
