package io.stoker.cli.services;

import io.stoker.cli.output.Console;

/**
 * One local service that {@code stoker up} starts and {@code stoker down} stops. {@code up} runs
 * the services in list order and {@code down} in reverse, so a service may rely on the ones before it.
 */
public interface Service {

    String name();

    /** Makes the service run and ready; harmless when it already is. */
    void up(Console console);

    /** Stops what {@code up} started, and says what it did. */
    void down(Console console);

    /** A look without changing anything. */
    ServiceStatus status();
}
