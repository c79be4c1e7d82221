package io.stoker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text views of the gateway's function JSON: the {@code list} table and the {@code describe} page. Fields an
 * older gateway does not send are shown as "-" or left out, never an error.
 */
public final class FunctionViews {

    private FunctionViews() {}

    /** Lines of the {@code list} table, or a hint when nothing is deployed. */
    public static List<String> list(JsonNode answer) {
        JsonNode fns = answer.path("functions");
        if (!fns.isArray() || fns.isEmpty()) {
            return List.of("no functions deployed yet: try `stoker init hello --template java` then `stoker deploy hello`");
        }
        Table t = new Table("NAME", "IMAGE", "INSTANCES", "URL");
        for (JsonNode fn : fns) {
            t.row(Json.text(fn, "", "name"), Json.text(fn, "-", "image"), instances(fn), Json.text(fn, "-", "url"));
        }
        return t.render();
    }

    /** "ready/total": instances that can take a call (ready or busy) over all instances. */
    public static String instances(JsonNode fn) {
        int ready = 0;
        int total = 0;
        for (JsonNode i : fn.path("instances")) {
            total++;
            String s = Json.text(i, "", "state").toUpperCase();
            if (s.equals("READY") || s.equals("BUSY")) {
                ready++;
            }
        }
        return ready + "/" + total;
    }

    /** The {@code describe} page: the spec in short, the live figures, the instances, the triggers and schedules. */
    public static List<String> describe(JsonNode fn) {
        List<String> lines = new ArrayList<>();
        spec(lines, fn);
        live(lines, fn);
        lines.add("");
        instanceTable(lines, fn.path("instances"));
        triggerTable(lines, fn.path("triggers"));
        scheduleTable(lines, fn.path("schedules"));
        return lines;
    }

    /** One row per schedule: when it fires next, and what became of its last tick and of that tick's call. */
    private static void scheduleTable(List<String> lines, JsonNode schedules) {
        if (!schedules.isArray() || schedules.isEmpty()) {
            return;
        }
        lines.add("");
        Table t = new Table("SCHEDULE", "TIMEZONE", "PATH", "OVERLAP", "MISSED", "HERE", "NEXT", "LAST", "OUTCOME",
                "CALL");
        for (JsonNode s : schedules) {
            JsonNode last = s.path("last");
            t.row(Json.text(s, "-", "cron"), Json.text(s, "-", "timezone"), Json.text(s, "/", "path"),
                    Json.text(s, "-", "overlap"), Json.text(s, "-", "missed"), s.path("firedHere").asBoolean() ? "yes" : "no",
                    Json.text(s, "-", "next"), Json.text(last, "-", "scheduled"), Json.text(last, "-", "outcome"),
                    Json.text(last, "-", "callStatus"));
        }
        lines.addAll(t.render());
    }

    private static void spec(List<String> lines, JsonNode fn) {
        JsonNode spec = fn.path("spec");
        field(lines, "name", Json.text(fn, "", "name"));
        field(lines, "url", Json.text(fn, "-", "url"));
        field(lines, "image", Json.text(fn, "-", "image"));
        String digest = Json.text(fn, "", "digest");
        if (!digest.isEmpty()) {
            field(lines, "digest", digest);
        }
        for (JsonNode pushed : fn.path("repoDigests")) {
            // where else the same bytes are, when they are not what the image line names already
            if (!pushed.asText().equals(Json.text(fn, "", "image"))) {
                field(lines, "in", pushed.asText());
            }
        }
        String template = Json.text(spec, "", "template");
        if (!template.isEmpty()) {
            String handler = Json.text(spec, "", "handler");
            field(lines, "template", template + (handler.isEmpty() ? "" : " (handler " + handler + ")"));
        }
        field(lines, "port", Json.text(spec, "8080", "port"));
        JsonNode l = spec.path("limits");
        field(lines, "limits", "memory " + Json.text(l, "-", "memory") + ", cpu " + Json.text(l, "-", "cpu")
                + ", timeout " + Json.text(l, "-", "timeout") + ", concurrency " + Json.text(l, "-", "concurrency"));
        if (!Json.text(l, "", "rate").isEmpty()) {
            field(lines, "rate", Json.text(l, "", "rate") + " (burst " + Json.text(l, "-", "burst")
                    + "; more HTTP calls get 429 with Retry-After)");
        }
        JsonNode s = spec.path("scale");
        field(lines, "scale", "min " + Json.text(s, "-", "min") + ", max " + Json.text(s, "-", "max")
                + ", idle " + Json.text(s, "-", "idle") + optional(s, "standby", "standby")
                + optional(s, "pause after", "pauseAfter"));
        if ("ready".equals(Json.text(fn, "paused", "standbyKeptAs"))) {
            field(lines, "standby", "kept as ready instances: this gateway's engine (Kubernetes) has no pause, so "
                    + "pauseAfter does nothing and idle instances are only stopped");
        }
        if (s.has("window")) {
            field(lines, "scaling", "target " + target(s) + optional(s, "window", "window")
                    + optional(s, "panic window", "panicWindow") + optional(s, "zero grace", "zeroGrace"));
        }
        String path = Json.text(spec, "", "readiness", "path");
        field(lines, "readiness", path.isEmpty() ? "TCP connect" : "HTTP GET " + path);
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : spec.path("env").properties()) {
            env.add(e.getKey() + "=" + e.getValue().asText());
        }
        if (!env.isEmpty()) {
            field(lines, "env", String.join(", ", env));
        }
        for (JsonNode k : spec.path("triggers").path("kafka")) {
            field(lines, "kafka", kafkaSpec(k));
        }
        JsonNode a = fn.path("async");
        if (a.isObject()) {
            field(lines, "async", "attempts " + Json.text(a, "-", "attempts") + ", backoff " + Json.text(a, "-", "backoff")
                    + " up to " + Json.text(a, "-", "maxBackoff") + ", max age " + Json.text(a, "-", "maxAge"));
        }
        field(lines, "created", Json.text(fn, "-", "createdAt"));
        field(lines, "updated", Json.text(fn, "-", "updatedAt"));
    }

    /** {@code scale.target}: 0 means the gateway's default share of {@code limits.concurrency}. */
    private static String target(JsonNode scale) {
        String t = Json.text(scale, "0", "target");
        try {
            return Double.parseDouble(t) <= 0 ? "auto (70% of limits.concurrency)" : t + " calls per instance";
        } catch (NumberFormatException e) {
            return t;
        }
    }

    /** One Kafka trigger of the spec: topics, path, ordering, retry, where dead letters and replies go. */
    private static String kafkaSpec(JsonNode k) {
        List<String> topics = texts(k.path("topics"));
        JsonNode r = k.path("retry");
        String deadLetter;
        if (!k.path("deadLetter").asBoolean(true)) {
            deadLetter = "off (dropped)";
        } else if (!Json.text(k, "", "deadLetterTopic").isEmpty()) {
            deadLetter = Json.text(k, "", "deadLetterTopic");
        } else {
            deadLetter = String.join(",", topics.stream().map(t -> t + ".dlt").toList());
        }
        String reply = Json.text(k, "", "replyTopic");
        return String.join(",", topics) + " -> POST " + Json.text(k, "/", "path")
                + ", ordering " + Json.text(k, "key", "ordering") + ", concurrency " + Json.text(k, "-", "concurrency")
                + ", attempts " + Json.text(r, "-", "attempts") + ", backoff " + Json.text(r, "-", "backoff") + " to "
                + Json.text(r, "-", "maxBackoff") + ", dead letters " + deadLetter
                + (reply.isEmpty() ? "" : ", replies " + reply) + ", from " + Json.text(k, "latest", "from");
    }

    /** What the pool and the autoscaler are doing now. */
    private static void live(List<String> lines, JsonNode fn) {
        field(lines, "in flight", Json.text(fn, "0", "inFlight"));
        field(lines, "queued", Json.text(fn, "0", "queued"));
        if (fn.has("desired")) {
            field(lines, "desired", Json.text(fn, "0", "desired"));
        }
        JsonNode a = fn.path("autoscaler");
        if (a.isObject()) {
            field(lines, "autoscaler", "wants " + Json.text(a, "-", "desired") + ", panic "
                    + (a.path("panicking").asBoolean() ? "yes" : "no") + ": " + Json.text(a, "-", "reason"));
        }
    }

    private static void instanceTable(List<String> lines, JsonNode instances) {
        if (!instances.isArray() || instances.isEmpty()) {
            lines.add("no instances running (the next call starts one)");
            return;
        }
        Table t = new Table("INSTANCE", "STATE", "STANDBY", "IN-FLIGHT", "ADDRESS", "STARTED", "LAST USED");
        for (JsonNode i : instances) {
            t.row(Json.text(i, "-", "id"), Json.text(i, "-", "state"), i.path("standby").asBoolean() ? "yes" : "no",
                    Json.text(i, "0", "inFlight"), Json.text(i, "-", "address"), Json.text(i, "-", "startedAt"),
                    Json.text(i, "-", "lastUsed"));
        }
        lines.addAll(t.render());
    }

    /** One row per Kafka trigger, then the last error of each trigger that has one. */
    private static void triggerTable(List<String> lines, JsonNode triggers) {
        if (!triggers.isArray() || triggers.isEmpty()) {
            return;
        }
        lines.add("");
        Table t = new Table("TOPICS", "GROUP", "STATE", "LAG", "RECEIVED", "SUCCEEDED", "RETRIED", "PLATFORM-RETRIED",
                "DEAD-LETTERED", "DROPPED", "IN-FLIGHT");
        List<String> errors = new ArrayList<>();
        for (JsonNode tr : triggers) {
            String topics = String.join(",", texts(tr.path("topics")));
            t.row(topics, Json.text(tr, "-", "group"), Json.text(tr, "-", "state"), lag(tr),
                    Json.text(tr, "0", "received"), Json.text(tr, "0", "succeeded"), Json.text(tr, "0", "retried"),
                    Json.text(tr, "0", "platformRetried"), Json.text(tr, "0", "deadLettered"), Json.text(tr, "0", "dropped"), Json.text(tr, "0", "inFlight"));
            String error = Json.text(tr, "", "lastError");
            if (!error.isEmpty()) {
                String at = Json.text(tr, "", "lastErrorAt");
                errors.add("last error (" + topics + (at.isEmpty() ? "" : ", at " + at) + "): " + error);
            }
        }
        lines.addAll(t.render());
        lines.addAll(errors);
    }

    /** {@code totalLag}, or the sum of the partition lags when only those are given. */
    private static String lag(JsonNode trigger) {
        if (trigger.has("totalLag")) {
            return Json.text(trigger, "0", "totalLag");
        }
        long sum = 0;
        for (JsonNode p : trigger.path("lag")) {
            sum += p.path("lag").asLong();
        }
        return Long.toString(sum);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isTextual()) {
            out.add(array.asText());
        }
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    /** ", label value" when the key is present, else nothing. */
    private static String optional(JsonNode node, String label, String key) {
        String v = Json.text(node, "", key);
        return v.isEmpty() ? "" : ", " + label + " " + v;
    }

    private static void field(List<String> lines, String key, String value) {
        lines.add(String.format("%-11s %s", key + ":", value));
    }
}
