package io.stoker.cli.services;

/**
 * How one service is doing.
 *
 * @param name the service
 * @param state "up", "down", "starting" or "unhealthy"
 * @param detail one human line (pid, URL, what to do)
 */
public record ServiceStatus(String name, String state, String detail) {

    public boolean isUp() {
        return "up".equals(state);
    }
}
