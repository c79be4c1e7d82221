package io.stoker.runtime.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * A container stopped.
 *
 * @param containerId the container
 * @param cause why, as far as the engine can tell
 * @param exitCode exit code when known, else -1
 * @param at when the engine saw it (a watch started again resumes from here)
 */
public record ContainerExit(String containerId, ExitCause cause, int exitCode, Instant at) {

    public ContainerExit {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
    }
}
