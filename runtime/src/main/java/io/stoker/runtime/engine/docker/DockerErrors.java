package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.stoker.runtime.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns docker-java failures into {@link EngineException}s that say what to do next. */
final class DockerErrors {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final String host;

    DockerErrors(String host) {
        this.host = host;
    }

    RuntimeException translate(String action, RuntimeException e) {
        if (e instanceof EngineException engine) {
            return engine;
        }
        if (e instanceof NotFoundException) {
            return new EngineException.NotFound(action + ": " + clean(e.getMessage()), e);
        }
        if (e instanceof DockerException || e instanceof DockerClientException) {
            return new EngineException(action + ": " + clean(e.getMessage()), e);
        }
        if (isConnectionFailure(e)) {
            return unreachable(action, e);
        }
        return new EngineException(action + ": " + e, e);
    }

    EngineException unreachable(String action, Throwable cause) {
        String socket = DockerClients.socketPath(host);
        String why = socket != null && !Files.exists(Path.of(socket))
                ? "no container engine socket at " + socket
                : "the container engine at " + host + " does not answer";
        return new EngineException.Unreachable(action + ": " + why
                + "; start the engine (`bin/stoker up`, or `dockerd` as root) or point DOCKER_HOST at one", cause);
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** docker-java prefixes "Status 404: " and wraps the engine's JSON; keep the engine's words. */
    private static String clean(String message) {
        if (message == null) {
            return "(no message)";
        }
        String m = message.strip();
        int json = m.indexOf("{\"message\":\"");
        if (json >= 0) {
            // A registry's words quote URLs ("Get \"http://…\": dial tcp …"): read the JSON, not up to the first quote.
            try {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(m.substring(json));
                if (node != null && node.hasNonNull("message")) {
                    return node.get("message").asText();
                }
            } catch (java.io.IOException notWholeJson) {
                // fall back to the text up to the first quote
            }
            int start = json + "{\"message\":\"".length();
            int end = m.indexOf('"', start);
            if (end > start) {
                return m.substring(start, end);
            }
        }
        return m;
    }
}
