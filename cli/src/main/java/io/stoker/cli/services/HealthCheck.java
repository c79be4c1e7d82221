package io.stoker.cli.services;

/** Whether a service answers as ready right now (one quick probe, no waiting). */
@FunctionalInterface
public interface HealthCheck {
    boolean ready();
}
