package io.stoker.gateway.engine;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.pool.FunctionPool;
import io.stoker.gateway.metrics.StartMeters;
import io.stoker.runtime.pool.PoolListener;
import io.stoker.runtime.pool.PoolSettings;
import io.stoker.runtime.pool.ScheduledExecutorTimer;
import io.stoker.runtime.spec.FunctionSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Makes function pools, sharing one launch executor (engine calls block, so they get their own
 * threads, never the event loop) and one timer thread for queue deadlines.
 */
@ApplicationScoped
public class PoolFactory {

    private static final Logger LOG = Logger.getLogger(PoolFactory.class);

    private final InstanceLauncher launcher;
    private final Clock clock;
    private final PoolSettings settings;
    private final ExecutorService launches = Executors.newCachedThreadPool(daemon("stoker-launch"));
    private final ScheduledExecutorService timerThread = ScheduledExecutorTimer.singleThread(daemon("stoker-timer"));
    private final ScheduledExecutorTimer timer = new ScheduledExecutorTimer(timerThread);

    private final PoolListener listener;

    public PoolFactory(InstanceLauncher launcher, Clock clock, StokerConfig config, StartMeters listener) {
        this.listener = listener;
        this.launcher = launcher;
        this.clock = clock;
        this.settings = new PoolSettings(config.pool().queueLimit(),
                PoolSettings.defaults().launchRetryBackoff(), PoolSettings.defaults().maxLaunchRetryBackoff());
    }

    public FunctionPool create(FunctionSpec spec, String specHash) {
        return new FunctionPool(spec, specHash, launcher, settings, clock, launches, timer, listener);
    }

    /** Removes a container the registry does not want, logging rather than failing start-up. */
    public void stopQuietly(LaunchedInstance instance) {
        launches.execute(() -> {
            try {
                launcher.stop(instance);
            } catch (RuntimeException e) {
                LOG.warnf("could not remove container %s: %s", instance.containerId(), e.getMessage());
            }
        });
    }

    public ScheduledExecutorService scheduler() {
        return timerThread;
    }

    /** The pools' timer, for others that keep time with them. */
    public ScheduledExecutorTimer timer() {
        return timer;
    }

    /** The executor for blocking engine calls. */
    public java.util.concurrent.Executor engineCalls() {
        return launches;
    }

    @PreDestroy
    void shutdown() {
        timerThread.shutdownNow();
        launches.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
