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
        if (spec.limits().rate() != null) {
            // Only when set: the spec hash of a function without one stays what it was, so nothing restarts.
            limits.put("rate", spec.limits().rate().text());
            limits.put("burst", spec.limits().rate().burst());
        }
        ObjectNode scale = root.putObject("scale");
        scale.put("min", spec.scale().min());
        scale.put("max", spec.scale().max());
        scale.put("idle", Quantities.formatDuration(spec.scale().idle()));
        scale.put("target", spec.scale().target());
        scale.put("window", Quantities.formatDuration(spec.scale().window()));
        scale.put("panicWindow", Quantities.formatDuration(spec.scale().panicWindow()));
        scale.put("zeroGrace", Quantities.formatDuration(spec.scale().zeroGrace()));
        scale.put("pauseAfter", Quantities.formatDuration(spec.scale().pauseAfter()));
        scale.put("standby", spec.scale().standby());
        root.putObject("readiness").put("path", spec.readinessPath());
        if (!spec.buildArgs().isEmpty()) {
            // Only when set: the spec hash of functions written before the key existed stays the same.
            ObjectNode args = root.putObject("build").putObject("args");
            spec.buildArgs().forEach(args::put);
        }
        // Both only when set: the spec hash of functions written before the keys existed stays the same.
        if (!spec.secrets().isEmpty()) {
            spec.secrets().forEach(root.putArray("secrets")::add);
        }
        if (spec.auth() != FunctionSpec.Auth.PUBLIC) {
            root.put("auth", spec.auth().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (spec.egress() != FunctionSpec.Egress.INTERNET) {
            // Only when set: the spec hash of a function with the default stays what it was, so nothing restarts.
            root.put("egress", spec.egress().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!spec.async().equals(AsyncSettings.DEFAULTS)) {
            // Only when set: the spec hash of functions written before the key existed stays the same.
            root.putObject("async").put("attempts", spec.async().attempts())
                    .put("backoff", Quantities.formatDuration(spec.async().backoff()))
                    .put("maxBackoff", Quantities.formatDuration(spec.async().maxBackoff()))
                    .put("maxAge", Quantities.formatDuration(spec.async().maxAge()));
        }
        if (!spec.kafkaTriggers().isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode kafka = triggers(root).putArray("kafka");
            for (KafkaTrigger t : spec.kafkaTriggers()) {
                ObjectNode k = kafka.addObject();
                t.topics().forEach(k.putArray("topics")::add);
                k.put("path", t.path());
                k.put("group", t.group());
                k.put("ordering", t.ordering().name().toLowerCase(java.util.Locale.ROOT));
                k.put("concurrency", t.concurrency());
                k.putObject("retry").put("attempts", t.retry().attempts())
                        .put("backoff", Quantities.formatDuration(t.retry().backoff()))
                        .put("maxBackoff", Quantities.formatDuration(t.retry().maxBackoff()));
                k.put("deadLetter", t.deadLetter());
                k.put("deadLetterTopic", t.deadLetterTopic());
                k.put("replyTopic", t.replyTopic());
                k.put("from", t.from().name().toLowerCase(java.util.Locale.ROOT));
                if (!t.maxRecordAge().equals(KafkaTrigger.DEFAULT_MAX_RECORD_AGE)) {
                    // Only when set: the spec hash of triggers written before the key existed stays the same.
                    k.put("maxRecordAge", Quantities.formatDuration(t.maxRecordAge()));
                }
            }
        }
        if (!spec.schedules().isEmpty()) {
            // Only when set: the spec hash of a function without schedules stays what it was.
            com.fasterxml.jackson.databind.node.ArrayNode schedules = triggers(root).putArray("schedule");
            for (ScheduleTrigger s : spec.schedules()) {
                schedules.addObject()
                        .put("cron", s.cron())
                        .put("timezone", s.timezone().getId())
                        .put("path", s.path())
                        .put("body", s.body())
                        .put("overlap", s.overlap().name().toLowerCase(java.util.Locale.ROOT))
                        .put("missed", s.missed().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return root;
    }

    private static ObjectNode triggers(ObjectNode root) {
        return root.has("triggers") ? (ObjectNode) root.get("triggers") : root.putObject("triggers");
    }

    public static String toJsonString(FunctionSpec spec) {
        return toJson(spec).toString();
    }
}
