package io.stoker.gateway.scale;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stoker.gateway.kafka.TriggerManager;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionChanged;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.autoscale.Autoscaler;
import io.stoker.runtime.autoscale.AutoscalerSettings;
import io.stoker.runtime.autoscale.Decision;
import io.stoker.runtime.autoscale.Observation;
import io.stoker.runtime.pool.PoolSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The ticking loop around the pure autoscaler: once a second, per function, it observes the pool
 * (and the Kafka lag of its triggers), asks for a decision, and gives the pool its desired size.
 * The clock is injected; the decisions themselves are tested on virtual time in the runtime.
 */
@ApplicationScoped
public class AutoscalerLoop {

    private static final Logger LOG = Logger.getLogger(AutoscalerLoop.class);

    private final FunctionRegistry registry;
    private final TriggerManager triggers;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Scaled> scaled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stoker-autoscaler");
        t.setDaemon(true);
        return t;
    });

    /** A function's autoscaler, the spec hash it was made for, its last decision and its gauges. */
    private static final class Scaled {
        final String specHash;
        final Autoscaler autoscaler;
        volatile Decision last = new Decision(0, false, 0, 0, "not decided yet");
        List<Meter> gauges = List.of();

        Scaled(String specHash, Autoscaler autoscaler) {
            this.specHash = specHash;
            this.autoscaler = autoscaler;
        }
    }

    public AutoscalerLoop(FunctionRegistry registry, TriggerManager triggers, MeterRegistry meters, Clock clock) {
        this.registry = registry;
        this.triggers = triggers;
        this.meters = meters;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
    }

    void onChange(@Observes FunctionChanged change) {
        if (change.spec().isEmpty()) {
            Scaled gone = scaled.remove(change.name());
            if (gone != null) {
                gone.gauges.forEach(meters::remove);
            }
        }
    }

    /** The last decision for a function, for `stoker describe`. */
    public Decision lastDecision(String function) {
        Scaled s = scaled.get(function);
        return s == null ? null : s.last;
    }

    void tick() {
        for (DeployedFunction fn : registry.all()) {
            try {
                tick(fn);
            } catch (RuntimeException e) {
                LOG.warnf(e, "autoscaling %s failed", fn.name());
            }
        }
    }

    private void tick(DeployedFunction fn) {
        Scaled s = scaled.compute(fn.name(), (name, old) -> old != null && old.specHash.equals(fn.specHash()) ? old
                : fresh(fn, old));
        PoolSnapshot snapshot = fn.pool().snapshot();
        Observation obs = Observation.of(snapshot.readyInstances(), snapshot.inFlight(), snapshot.queued())
                .withKafkaLag(triggers.lag(fn.name()));
        Decision decision = s.autoscaler.decide(clock.instant(), obs);
        s.last = decision;
        fn.pool().setDesired(decision.desired());
    }

    private Scaled fresh(DeployedFunction fn, Scaled old) {
        if (old != null) {
            old.gauges.forEach(meters::remove);
        }
        Scaled s = new Scaled(fn.specHash(), new Autoscaler(AutoscalerSettings.fromSpec(fn.spec())));
        s.gauges = List.of(
                Gauge.builder("stoker.autoscaler.desired", s, x -> x.last.desired())
                        .description("Instances the autoscaler wants").tag("function", fn.name()).register(meters),
                Gauge.builder("stoker.autoscaler.panic", s, x -> x.last.panicking() ? 1 : 0)
                        .description("1 while the autoscaler is in panic mode").tag("function", fn.name()).register(meters));
        return s;
    }
}
