package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.model.Event;
import io.stoker.runtime.engine.ContainerExit;
import java.time.Instant;
import java.util.Map;

/** Reads container exit events. */
final class DockerEvents {

    private DockerEvents() {}

    static ContainerExit toExit(Event event) {
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        String id = event.getActor() != null && event.getActor().getId() != null
                ? event.getActor().getId() : event.getId();
        Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
        return new ContainerExit(id, action, exitCode(attributes));
    }

    static int exitCode(Map<String, String> attributes) {
        String code = attributes == null ? null : attributes.get("exitCode");
        if (code == null) {
            return -1;
        }
        try {
            return Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The engine's {@code since} form, seconds.nanoseconds. */
    static String nowSince() {
        Instant now = Instant.now();
        return now.getEpochSecond() + "." + String.format("%09d", now.getNano());
    }
}
