package io.stoker.gateway.api;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.engine.ContainerEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the container engine answers: without it no function can start. */
@Readiness
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {

    private final ContainerEngine engine;
    private final StokerConfig config;

    public EngineHealthCheck(ContainerEngine engine, StokerConfig config) {
        this.engine = engine;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            engine.list(java.util.Map.of("stoker.managed", "true"));
            return HealthCheckResponse.named("container-engine").up().build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("container-engine").down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
