package io.stoker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** How call records read in a terminal: a page as a table, one call as "key: value" lines. */
public final class InvocationViews {

    private InvocationViews() {}

    /** A page of {@code GET /v1/invocations}, with the command for the next page under it. */
    public static List<String> list(JsonNode page) {
        Table table = new Table("ID", "FUNCTION", "TRIGGER", "STATUS", "HTTP", "START", "MS", "ARRIVAL");
        for (JsonNode r : page.path("invocations")) {
            table.row(r.path("id").asText(), r.path("function").asText(), r.path("trigger").asText(),
                    r.path("status").asText(), r.path("httpStatus").asInt() == 0 ? "-" : r.path("httpStatus").asText(),
                    r.path("startKind").asText(), ms(r.path("durationMs")), Json.text(r, "-", "arrival"));
        }
        if (table.isEmpty()) {
            return List.of("no calls recorded that match");
        }
        List<String> lines = new ArrayList<>(table.render());
        if (page.hasNonNull("next")) {
            lines.add("more: add --cursor " + page.path("next").asText());
        }
        return lines;
    }

    /** One record of {@code GET /v1/invocations/ID}. */
    public static List<String> describe(JsonNode r) {
        List<String> lines = new ArrayList<>();
        line(lines, "id", r.path("id").asText());
        line(lines, "function", r.path("function").asText() + version(r));
        line(lines, "trigger", r.path("trigger").asText());
        line(lines, "status", r.path("status").asText()
                + (r.path("httpStatus").asInt() == 0 ? "" : " (HTTP " + r.path("httpStatus").asText() + ")"));
        line(lines, "arrival", Json.text(r, "-", "arrival"));
        line(lines, "start", Json.text(r, "-", "start"));
        line(lines, "end", Json.text(r, "-", "end"));
        line(lines, "duration", ms(r.path("durationMs")) + " ms, " + ms(r.path("queueWaitMs")) + " ms waiting");
        String kind = r.path("startKind").asText();
        line(lines, "instance", Json.text(r, "-", "instance") + " (" + kind
                + (kind.equals("cold") || kind.equals("resume") ? ", started in " + ms(r.path("startTookMs")) + " ms"
                : "") + ")");
        line(lines, "attempts", r.path("attempts").asText());
        if (r.hasNonNull("error")) {
            line(lines, "error", r.path("error").asText());
        }
        if (r.has("result")) {
            r.path("result").path("headers").fields().forEachRemaining(
                    h -> line(lines, "header", h.getKey() + ": " + h.getValue().asText()));
            line(lines, "result", "see `stoker invocation " + r.path("id").asText() + " --result`");
        }
        return lines;
    }

    private static String version(JsonNode r) {
        String hash = r.path("specHash").asText("");
        return hash.isEmpty() ? "" : " (version " + (hash.length() > 19 ? hash.substring(0, 19) : hash) + ")";
    }

    private static void line(List<String> lines, String key, String value) {
        lines.add(String.format("%-14s%s", key + ":", value));
    }

    private static String ms(JsonNode millis) {
        return millis.isNumber() ? String.format(java.util.Locale.ROOT, "%.1f", millis.asDouble()) : "-";
    }
}
