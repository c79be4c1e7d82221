package io.stoker.gateway.engine;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.fleet.EngineWatch;
import io.stoker.runtime.fleet.Reconcile;
import io.stoker.runtime.instance.InstanceLauncher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * At start: restore the registry and adopt containers, watch for containers that exit (again and again if the engine
 * restarts, reconciling the pools after each reconnect). Idle instances are reaped by the control loop
 * ({@code io.stoker.gateway.control}). At shutdown: stop watching, leave containers for the next start.
 */
@ApplicationScoped
public class PoolLifecycle {

    private static final Logger LOG = Logger.getLogger(PoolLifecycle.class);
    private static final int RETRY_SECONDS = 2;

    private final FunctionRegistry registry;
    private final ContainerEngine engine;
    private final InstanceLauncher launcher;
    private final PoolFactory pools;
    private final StokerConfig config;
    private final Clock clock;
    private final io.stoker.gateway.isolation.FunctionNetworks networks;
    private volatile EngineWatch exitWatch;
    private volatile boolean waited;
    /** Set first at shutdown: from then on nothing is reconciled, since the pools let go of what they leave. */
    private volatile boolean stopping;

    public PoolLifecycle(FunctionRegistry registry, ContainerEngine engine, InstanceLauncher launcher,
                         PoolFactory pools, StokerConfig config, Clock clock,
                         io.stoker.gateway.isolation.FunctionNetworks networks) {
        this.networks = networks;
        this.registry = registry;
        this.engine = engine;
        this.launcher = launcher;
        this.pools = pools;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        // Opened before the restore lists the containers, so an exit after that list is heard.
        exitWatch = new EngineWatch(engine, "stoker.managed", clock, pools.timer(), pools.engineCalls(),
                exit -> registry.livePools().forEach(pool -> pool.instanceExited(exit)), this::reconcile,
                new EngineWatch.Backoff(Duration.ofMillis(250), Duration.ofSeconds(RETRY_SECONDS)));
        exitWatch.start();
        // Other gateways' networks too, made while this one runs (an engine call per 30 s, never per request).
        pools.scheduler().scheduleWithFixedDelay(networks::refresh, 30, 30, TimeUnit.SECONDS);
        connect();
    }

    /** Whether the engine's exit stream is open: false while the engine is away. */
    public boolean watching() {
        EngineWatch watch = exitWatch;
        return watch != null && watch.connected();
    }

    /**
     * Network, then the functions. An engine that does not answer does not stop the gateway: it starts, reports not
     * ready and answers 503 while it tries again every {@value #RETRY_SECONDS} s.
     */
    private void connect() {
        try {
            engine.ensureNetwork(config.engine().network());
            // Before any instance is adopted or started: from now on the gateway tells function callers apart.
            networks.refresh();
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

    /** After the engine was away: the pools drop what it no longer runs and start what they need; orphans go. */
    private void reconcile() {
        if (stopping || !registry.restored()) {
            return; // the restore, still to come, lists and adopts everything itself
        }
        // A restarted engine may have lost its networks only if its state was wiped; asking is cheap.
        engine.ensureNetwork(config.engine().network());
        networks.refresh();
        Reconcile.run(registry.livePools(), launcher, clock, orphan -> {
            if (!stopping) {
                pools.stopQuietly(orphan);
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        EngineWatch watch = exitWatch;
        if (watch != null) {
            watch.close();
        }
        // Containers stay up: the next gateway adopts them and serves warm at once.
        registry.all().forEach(fn -> fn.pool().detach());
    }
}
