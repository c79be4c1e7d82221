package io.stoker.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliException;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.Progress;
import java.io.IOException;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Follows the NDJSON answer of a deploy (a source upload, or a PUT that may pull): {@code progress} and
 * {@code starting} events go to the progress view, {@code built} and {@code pushed} are shown as lines,
 * {@code ready} ends it with the function ({@code done}, of a build for another gateway, with the spec), and
 * {@code error} (or a stream that ends early) fails with the gateway's message.
 */
public final class DeployStream {

    private DeployStream() {}

    /** The function JSON of the {@code ready} event. */
    public static JsonNode follow(String name, Stream<String> lines, Progress progress) {
        Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
            String line = it.next().strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                // a stray non-JSON line: show it rather than fail the whole deploy
                progress.status(line);
                continue;
            }
            String kind = Json.text(event, "", "event");
            switch (kind) {
                case "progress", "starting" -> progress.status(Json.text(event, kind, "message"));
                case "built" -> progress.line("built " + Json.text(event, "?", "image"));
                case "pushed" -> progress.line("pushed " + Json.text(event, "?", "target") + " ("
                        + Json.text(event, "?", "reference") + ")");
                case "done" -> {
                    return event.path("spec"); // built (and pushed) only, for another gateway to deploy
                }
                case "ready" -> {
                    JsonNode fn = event.get("function");
                    return fn == null || fn.isNull() ? Json.MAPPER.createObjectNode().put("name", name) : fn;
                }
                case "error" -> throw new CliException("deploying " + name + " failed: "
                        + Json.text(event, "no message", "message")
                        + " (" + Json.text(event, "error", "error") + ")");
                case "" -> {
                    if (event.has("name")) {
                        return event; // a plain JSON answer (a gateway that does not stream a PUT): the function
                    }
                    progress.status(line);
                }
                default -> progress.status(line);
            }
        }
        throw new CliException("the gateway ended the deploy of " + name
                + " before the function was ready; see `bin/stoker logs " + name
                + "` and the gateway log, then deploy again");
    }
}
