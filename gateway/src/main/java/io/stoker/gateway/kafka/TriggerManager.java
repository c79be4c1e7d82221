package io.stoker.gateway.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.metrics.TriggerMeters;
import io.stoker.gateway.registry.FunctionChanged;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.KafkaTrigger;
import io.stoker.runtime.trigger.KafkaTriggerRunner;
import io.stoker.runtime.trigger.TriggerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Starts, changes and stops the Kafka trigger runners of each function as it is deployed,
 * updated or deleted — no restart needed. Unchanged triggers keep their runners (and offsets).
 */
@ApplicationScoped
public class TriggerManager {

    private static final Logger LOG = Logger.getLogger(TriggerManager.class);

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final FunctionCaller caller;
    private final StokerConfig config;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "stoker-trigger-timer");
        t.setDaemon(true);
        return t;
    });

    /** The runners of one function, the triggers they were started from, and their meters. */
    private record Running(List<KafkaTrigger> triggers, List<KafkaTriggerRunner> runners, List<TriggerMeters> meters) {}

    private final MeterRegistry registry;

    public TriggerManager(FunctionCaller caller, StokerConfig config, Clock clock, MeterRegistry registry) {
        this.caller = caller;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        scheduler.scheduleWithFixedDelay(this::refreshLag, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void refreshLag() {
        running.values().forEach(r -> r.meters().forEach(TriggerMeters::refreshLag));
    }

    void onChange(@Observes FunctionChanged change) {
        if (!config.kafka().enabled()) {
            return;
        }
        List<KafkaTrigger> wanted = change.spec().map(FunctionSpec::kafkaTriggers).orElse(List.of());
        Running current = running.get(change.name());
        if (current != null && current.triggers().equals(wanted)) {
            return;
        }
        if (current != null) {
            stop(change.name(), current);
        }
        if (!wanted.isEmpty()) {
            FunctionSpec spec = change.spec().orElseThrow();
            List<KafkaTriggerRunner> runners = wanted.stream().map(t -> start(spec, t)).toList();
            List<TriggerMeters> meters = runners.stream()
                    .map(runner -> new TriggerMeters(registry, spec.name(), runner)).toList();
            running.put(change.name(), new Running(wanted, runners, meters));
        }
    }

    /** The status of each trigger of a function (empty when it has none). */
    public List<TriggerStatus> status(String function) {
        Running r = running.get(function);
        return r == null ? List.of() : r.runners().stream().map(KafkaTriggerRunner::status).toList();
    }

    /** Records behind over all triggers of a function: a load signal for the autoscaler. */
    public long lag(String function) {
        Running r = running.get(function);
        return r == null ? 0 : r.runners().stream().mapToLong(KafkaTriggerRunner::totalLag).sum();
    }

    void shutdown(@Observes ShutdownEvent event) {
        running.forEach(this::stop);
        scheduler.shutdownNow();
    }

    private KafkaTriggerRunner start(FunctionSpec spec, KafkaTrigger trigger) {
        Map<String, Object> client = Map.of("bootstrap.servers", config.kafka().bootstrapServers());
        KafkaTriggerRunner runner = new KafkaTriggerRunner(spec.name(), trigger, client, caller, clock, scheduler,
                RandomGenerator.getDefault(), spec.limits().timeout());
        runner.start();
        LOG.infof("trigger of %s on %s started (group %s)", spec.name(), trigger.topics(), trigger.groupFor(spec.name()));
        return runner;
    }

    private void stop(String function, Running r) {
        running.remove(function, r);
        r.meters().forEach(TriggerMeters::remove);
        for (KafkaTriggerRunner runner : r.runners()) {
            try {
                runner.close();
            } catch (RuntimeException e) {
                LOG.warnf(e, "stopping a trigger of %s", function);
            }
        }
    }
}
