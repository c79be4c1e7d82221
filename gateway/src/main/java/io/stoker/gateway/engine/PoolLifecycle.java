package io.stoker.gateway.engine;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.engine.ContainerEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * At start: restore the registry and adopt containers, watch for containers that exit, and reap
 * idle instances on a fixed tick. At shutdown: stop watching, leave containers for the next start.
 */
@ApplicationScoped
public class PoolLifecycle {

    private static final Logger LOG = Logger.getLogger(PoolLifecycle.class);

    private final FunctionRegistry registry;
    private final ContainerEngine engine;
    private final PoolFactory pools;
    private final StokerConfig config;
    private Closeable exitWatch;

    public PoolLifecycle(FunctionRegistry registry, ContainerEngine engine, PoolFactory pools, StokerConfig config) {
        this.registry = registry;
        this.engine = engine;
        this.pools = pools;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        engine.ensureNetwork(config.engine().network());
        exitWatch = engine.watchExits("stoker.managed", exit -> {
            registry.livePools().forEach(pool -> pool.instanceExited(exit.containerId()));
        });
        registry.restore();
        long every = config.pool().reapInterval().toMillis();
        pools.scheduler().scheduleWithFixedDelay(this::reapAll, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        // Containers stay up: the next gateway adopts them and serves warm at once.
        registry.all().forEach(fn -> fn.pool().detach());
        if (exitWatch != null) {
            try {
                exitWatch.close();
            } catch (IOException e) {
                LOG.debug("closing the exit watch", e);
            }
        }
    }

    private void reapAll() {
        for (DeployedFunction fn : registry.all()) {
            try {
                fn.pool().reap();
            } catch (RuntimeException e) {
                LOG.warnf(e, "reaping %s failed", fn.name());
            }
        }
    }
}
