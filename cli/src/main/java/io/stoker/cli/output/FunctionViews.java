package io.stoker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text views of the gateway's function JSON: the {@code list} table and the {@code describe} page. */
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

    public static List<String> describe(JsonNode fn) {
        JsonNode spec = fn.path("spec");
        List<String> lines = new ArrayList<>();
        field(lines, "name", Json.text(fn, "", "name"));
        field(lines, "url", Json.text(fn, "-", "url"));
        field(lines, "image", Json.text(fn, "-", "image"));
        String template = Json.text(spec, "", "template");
        if (!template.isEmpty()) {
            String handler = Json.text(spec, "", "handler");
            field(lines, "template", template + (handler.isEmpty() ? "" : " (handler " + handler + ")"));
        }
        field(lines, "port", Json.text(spec, "8080", "port"));
        JsonNode l = spec.path("limits");
        field(lines, "limits", "memory " + Json.text(l, "-", "memory") + ", cpu " + Json.text(l, "-", "cpu")
                + ", timeout " + Json.text(l, "-", "timeout") + ", concurrency " + Json.text(l, "-", "concurrency"));
        JsonNode s = spec.path("scale");
        field(lines, "scale", "min " + Json.text(s, "-", "min") + ", max " + Json.text(s, "-", "max")
                + ", idle " + Json.text(s, "-", "idle"));
        String path = Json.text(spec, "", "readiness", "path");
        field(lines, "readiness", path.isEmpty() ? "TCP connect" : "HTTP GET " + path);
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : spec.path("env").properties()) {
            env.add(e.getKey() + "=" + e.getValue().asText());
        }
        if (!env.isEmpty()) {
            field(lines, "env", String.join(", ", env));
        }
        field(lines, "created", Json.text(fn, "-", "createdAt"));
        field(lines, "updated", Json.text(fn, "-", "updatedAt"));
        field(lines, "queued", Json.text(fn, "0", "queued"));
        lines.add("");
        JsonNode instances = fn.path("instances");
        if (!instances.isArray() || instances.isEmpty()) {
            lines.add("no instances running (the next call starts one)");
            return lines;
        }
        Table t = new Table("INSTANCE", "STATE", "IN-FLIGHT", "ADDRESS", "STARTED", "LAST USED");
        for (JsonNode i : instances) {
            t.row(Json.text(i, "-", "id"), Json.text(i, "-", "state"), Json.text(i, "0", "inFlight"),
                    Json.text(i, "-", "address"), Json.text(i, "-", "startedAt"), Json.text(i, "-", "lastUsed"));
        }
        lines.addAll(t.render());
        return lines;
    }

    private static void field(List<String> lines, String key, String value) {
        lines.add(String.format("%-10s %s", key + ":", value));
    }
}
