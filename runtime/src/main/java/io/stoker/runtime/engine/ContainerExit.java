package io.stoker.runtime.engine;

/**
 * A container stopped.
 *
 * @param containerId the container
 * @param reason the engine's event name: die, oom, kill
 * @param exitCode exit code when known, else -1
 */
public record ContainerExit(String containerId, String reason, int exitCode) {}
