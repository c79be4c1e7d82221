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
    private static final int RETRY_SECONDS = 2;
    private volatile Closeable exitWatch;
    private volatile boolean waited;

    public PoolLifecycle(FunctionRegistry registry, ContainerEngine engine, PoolFactory pools, StokerConfig config) {
        this.registry = registry;
        this.engine = engine;
        this.pools = pools;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        long every = config.pool().reapInterval().toMillis();
        pools.scheduler().scheduleWithFixedDelay(this::reapAll, every, every, TimeUnit.MILLISECONDS);
        connect();
    }

    /**
     * Network, exit watch, then the functions. An engine that does not answer does not stop the gateway: it starts,
     * reports not ready and answers 503 while it tries again every {@value #RETRY_SECONDS} s.
     */
    private void connect() {
        try {
            engine.ensureNetwork(config.engine().network());
            if (exitWatch == null) {
                exitWatch = engine.watchExits("stoker.managed", exit -> {
                    registry.livePools().forEach(pool -> pool.instanceExited(exit.containerId()));
                });
            }
            registry.restore();
            if (waited) {
                LOG.info("the container engine answers: functions restored");
            }
        } catch (RuntimeException e) {
            if (!waited) {
                LOG.warnf("the container engine does not answer (%s); the gateway runs without it, answers 503 and "
                        + "tries again every %d s. Start the engine: bin/stoker up, or deploy/install-prereqs.sh",
                        e.getMessage(), RETRY_SECONDS);
            }
            waited = true;
            pools.scheduler().schedule(this::connect, RETRY_SECONDS, TimeUnit.SECONDS);
        }
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
