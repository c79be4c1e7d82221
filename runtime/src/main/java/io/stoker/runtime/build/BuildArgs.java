package io.stoker.runtime.build;

import io.stoker.runtime.spec.FunctionSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The build arguments of a function's image build.
 *
 * <p>{@code HANDLER} is the spec's handler (language templates only). {@code BASE_IMAGE} and
 * {@code BUILD_IMAGE} are passed only when an override is configured for the template, so the
 * templates' own defaults (Stoker's local base images) apply otherwise. Then the spec's own
 * {@code build.args}, for every template (the {@code dockerfile} template's {@code ARG}s
 * included): they are the function's choice, so they win over a configured override
 * ({@code HANDLER} cannot be among them, the parser refuses it).
 */
public final class BuildArgs {

    /**
     * Configured base image overrides, by template name (e.g. "java" →
     * "eclipse-temurin:17-jre"); {@code buildImages} is used by templates with a build stage (java).
     */
    public record ImageOverrides(Map<String, String> baseImages, Map<String, String> buildImages) {
        public static final ImageOverrides NONE = new ImageOverrides(Map.of(), Map.of());

        public ImageOverrides {
            baseImages = Map.copyOf(baseImages);
            buildImages = Map.copyOf(buildImages);
        }
    }

    private BuildArgs() {}

    /** Build args for {@code spec}, in a stable order. */
    public static Map<String, String> of(FunctionSpec spec, ImageOverrides overrides) {
        Map<String, String> args = new LinkedHashMap<>();
        String template = spec.template();
        if (!template.equals("dockerfile") && !spec.handler().isEmpty()) {
            args.put("HANDLER", spec.handler());
        }
        String base = overrides.baseImages().get(template);
        if (base != null && !base.isBlank()) {
            args.put("BASE_IMAGE", base.trim());
        }
        String build = overrides.buildImages().get(template);
        if (build != null && !build.isBlank()) {
            args.put("BUILD_IMAGE", build.trim());
        }
        args.putAll(spec.buildArgs());
        return args;
    }
}
