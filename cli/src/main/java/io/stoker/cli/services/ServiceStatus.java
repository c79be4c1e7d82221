package io.stoker.cli.services;

/**
 * How one service is doing.
 *
 * @param name the service
 * @param state "up", "down", "starting", "unhealthy" or "off" (left out on purpose)
 * @param detail one human line (pid, URL, what to do)
 */
public record ServiceStatus(String name, String state, String detail) {

    public boolean isUp() {
        return "up".equals(state);
    }

    /** Left out on purpose (the broker after {@code up --no-kafka}): not a failure. */
    public boolean isOff() {
        return "off".equals(state);
    }
}
