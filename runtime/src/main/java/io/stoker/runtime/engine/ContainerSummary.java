package io.stoker.runtime.engine;

import java.util.Map;

/**
 * A container as listed by the engine.
 *
 * @param id container id
 * @param name container name without the leading slash
 * @param image image the container was created from
 * @param labels its labels
 * @param state engine state: created, running, paused, exited, dead, ...
 */
public record ContainerSummary(String id, String name, String image, Map<String, String> labels, String state) {

    public boolean running() {
        return "running".equals(state);
    }

    public boolean paused() {
        return "paused".equals(state);
    }
}
