package io.stoker.runtime.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a spec back in the manifest's own form, so that {@link SpecParser} reads it again. */
public final class SpecWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecWriter() {}

    public static ObjectNode toJson(FunctionSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", spec.name());
        root.put("template", spec.template());
        root.put("handler", spec.handler());
        root.put("image", spec.image());
        root.put("port", spec.port());
        ObjectNode env = root.putObject("env");
        spec.env().forEach(env::put);
        root.put("user", spec.user());
        ObjectNode limits = root.putObject("limits");
        limits.put("memory", Quantities.formatMemory(spec.limits().memoryBytes()));
        limits.put("cpu", spec.limits().cpu());
        limits.put("timeout", Quantities.formatDuration(spec.limits().timeout()));
        limits.put("concurrency", spec.limits().concurrency());
        ObjectNode scale = root.putObject("scale");
        scale.put("min", spec.scale().min());
        scale.put("max", spec.scale().max());
        scale.put("idle", Quantities.formatDuration(spec.scale().idle()));
        root.putObject("readiness").put("path", spec.readinessPath());
        return root;
    }

    public static String toJsonString(FunctionSpec spec) {
        return toJson(spec).toString();
    }
}
