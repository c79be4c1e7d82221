package io.stoker.runtime.instance;

/**
 * A started container that serves a function.
 *
 * @param function function name
 * @param instanceId id within the function
 * @param containerId engine container id
 * @param host address the gateway reaches it at
 * @param port port it serves on
 * @param specHash hash of the spec it was started from
 * @param running whether the engine reports it running (false: exited or paused)
 */
public record LaunchedInstance(
        String function, String instanceId, String containerId, String host, int port, String specHash, boolean running) {

    /** Running, or paused: a paused standby reports not running but keeps its address; an exited one has none. */
    public boolean alive() {
        return running || (host != null && !host.isEmpty());
    }
}
