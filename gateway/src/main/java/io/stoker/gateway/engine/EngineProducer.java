package io.stoker.gateway.engine;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.docker.DockerEngine;
import io.stoker.runtime.instance.EngineInstanceLauncher;
import io.stoker.runtime.instance.InstanceLauncher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the real parts: the Docker engine, the launcher over it, and the system clock. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ContainerEngine engine(StokerConfig config) {
        return config.engine().host().map(DockerEngine::connect).orElseGet(DockerEngine::fromEnvironment);
    }

    @Produces
    @Singleton
    InstanceLauncher launcher(ContainerEngine engine, StokerConfig config, Clock clock) {
        return new EngineInstanceLauncher(engine, config.engine().network(), config.engine().readinessTimeout(), clock,
                config.engine().parallelStarts());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
