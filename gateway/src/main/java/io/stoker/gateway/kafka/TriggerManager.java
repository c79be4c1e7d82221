package io.stoker.gateway.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.metrics.TriggerMeters;
import io.stoker.gateway.registry.FunctionChanged;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.KafkaTrigger;
import io.stoker.runtime.trigger.KafkaTriggerRunner;
import io.stoker.runtime.trigger.TriggerStatus;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Starts, changes and stops the Kafka trigger runners of each function as it is deployed, updated or deleted — no
 * restart needed. A trigger whose definition and call timeout are unchanged keeps its runner (and its partitions);
 * a runner no longer wanted is closed in the background, so a deploy or delete does not wait for its drain.
 */
@ApplicationScoped
public class TriggerManager {

    private static final Logger LOG = Logger.getLogger(TriggerManager.class);
    /** Longer than a runner's own bounded close (drain, then the two clients). */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final Map<String, List<Started>> running = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<Void>> closing = ConcurrentHashMap.newKeySet();
    private final FunctionCaller caller;
    private final StokerConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    /** The runners' timers: records due again after a retry back-off or a platform wait. */
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("stoker-trigger-timer"));
    private final ExecutorService closer = Executors.newCachedThreadPool(daemon("stoker-trigger-close"));

    /** What a runner was started from: a change to either needs a new runner. */
    private record Definition(KafkaTrigger trigger, Duration callTimeout) {}

    /** One running trigger of a function. */
    private record Started(Definition definition, KafkaTriggerRunner runner, TriggerMeters meters) {}

    public TriggerManager(FunctionCaller caller, StokerConfig config, Clock clock, MeterRegistry registry) {
        this.caller = caller;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    /** Re-reads each trigger's per-partition lag into its meters; called by the control loop each tick. */
    public void refreshLag() {
        running.values().forEach(list -> list.forEach(s -> s.meters().refreshLag()));
    }

    synchronized void onChange(@Observes FunctionChanged change) {
        if (!config.kafka().enabled()) {
            return;
        }
        List<Definition> wanted = change.spec()
                .map(spec -> spec.kafkaTriggers().stream().map(t -> new Definition(t, spec.limits().timeout())).toList())
                .orElse(List.of());
        List<Started> current = running.getOrDefault(change.name(), List.of());
        List<Started> kept = new ArrayList<>();
        List<Started> unwanted = new ArrayList<>(current);
        List<Definition> missing = new ArrayList<>();
        for (Definition d : wanted) {
            Started match = unwanted.stream().filter(s -> s.definition().equals(d)).findFirst().orElse(null);
            if (match != null) {
                unwanted.remove(match);
                kept.add(match);
            } else {
                missing.add(d);
            }
        }
        unwanted.forEach(s -> closeLater(change.name(), s));
        for (Definition d : missing) {
            kept.add(start(change.spec().orElseThrow(), d));
        }
        if (kept.isEmpty()) {
            running.remove(change.name());
        } else {
            running.put(change.name(), List.copyOf(kept));
        }
    }

    /** The status of each trigger of a function (empty when it has none). */
    public List<TriggerStatus> status(String function) {
        return running.getOrDefault(function, List.of()).stream().map(s -> s.runner().status()).toList();
    }

    /** Records behind over all triggers of a function: a load signal for the autoscaler. */
    public long lag(String function) {
        return running.getOrDefault(function, List.of()).stream().mapToLong(s -> s.runner().totalLag()).sum();
    }

    /** Every function with triggers, for the status publisher. */
    public Set<String> functions() {
        return Set.copyOf(running.keySet());
    }

    /**
     * Stops every runner, each committing what finished, and waits for them and for those already closing. Runs
     * before the other shutdown observers (default priority), which close the upstream clients and detach the
     * pools: the calls a runner drains must still be able to finish.
     */
    void shutdown(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        synchronized (this) {
            running.forEach((function, list) -> list.forEach(s -> closeLater(function, s)));
            running.clear();
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("some triggers did not stop within %s: %s", SHUTDOWN_WAIT, e);
        }
        scheduler.shutdownNow();
        closer.shutdownNow();
    }

    private Started start(FunctionSpec spec, Definition d) {
        Map<String, Object> client = Map.of("bootstrap.servers", config.kafka().bootstrapServers());
        KafkaTriggerRunner runner = new KafkaTriggerRunner(spec.name(), d.trigger(), client, caller, clock, scheduler,
                RandomGenerator.getDefault(), d.callTimeout());
        runner.start();
        LOG.infof("trigger of %s on %s started (group %s)", spec.name(), d.trigger().topics(),
                d.trigger().groupFor(spec.name()));
        return new Started(d, runner, new TriggerMeters(registry, spec.name(), runner));
    }

    private void closeLater(String function, Started s) {
        s.meters().remove();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            s.runner().close();
            LOG.infof("trigger of %s on %s stopped", function, s.definition().trigger().topics());
        }, closer);
        closing.add(done);
        done.whenComplete((v, e) -> {
            closing.remove(done);
            if (e != null) {
                LOG.warnf(e, "stopping a trigger of %s", function);
            }
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
