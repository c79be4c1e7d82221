package io.stoker.gateway.api;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.engine.ContainerEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the container engine answers and the functions are restored: without it none can start. */
@Readiness
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {

    private final ContainerEngine engine;
    private final StokerConfig config;

    private final FunctionRegistry registry;

    public EngineHealthCheck(ContainerEngine engine, StokerConfig config, FunctionRegistry registry) {
        this.registry = registry;
        this.engine = engine;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            engine.list(java.util.Map.of("stoker.managed", "true"));
            if (!registry.restored()) {
                return HealthCheckResponse.named("container-engine").down()
                        .withData("error", "the engine answers; the functions are being restored").build();
            }
            return HealthCheckResponse.named("container-engine").up().build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("container-engine").down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
