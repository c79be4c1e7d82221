package io.stoker.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoker.gateway.registry.FunctionChanged;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.pool.InstanceState;
import io.stoker.runtime.pool.PoolSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Stoker's own metrics, per function: invocations and their duration, instances by state, queue
 * depth and calls in flight (read from the pool when scraped, so they cost the invoke path nothing).
 */
@ApplicationScoped
public class StokerMetrics {

    private final MeterRegistry registry;
    private final FunctionRegistry functions;
    /** Trigger ("http", "kafka") → function → meters: no key is built on the invoke path. */
    private final Map<String, Map<String, InvocationMeters>> invocations = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    public StokerMetrics(MeterRegistry registry, FunctionRegistry functions) {
        this.registry = registry;
        this.functions = functions;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of a function's calls from one trigger ("http" or "kafka"). */
    public InvocationMeters invocations(String function, String trigger) {
        Map<String, InvocationMeters> byFunction = invocations.get(trigger);
        if (byFunction == null) {
            byFunction = invocations.computeIfAbsent(trigger, t -> new ConcurrentHashMap<>());
        }
        InvocationMeters meters = byFunction.get(function);
        return meters != null ? meters
                : byFunction.computeIfAbsent(function, f -> new InvocationMeters(registry, function, trigger));
    }

    void onChange(@Observes FunctionChanged change) {
        if (change.spec().isEmpty()) {
            List<Meter> gone = gauges.remove(change.name());
            if (gone != null) {
                gone.forEach(registry::remove);
            }
            invocations.values().forEach(byFunction -> {
                InvocationMeters meters = byFunction.remove(change.name());
                if (meters != null) {
                    meters.remove();
                }
            });
            return;
        }
        gauges.computeIfAbsent(change.name(), this::poolGauges);
    }

    private List<Meter> poolGauges(String function) {
        List<Meter> meters = new ArrayList<>();
        for (InstanceState state : InstanceState.values()) {
            meters.add(gauge("stoker.instances", "Instances of a function by state", function,
                    s -> s.instances().stream().filter(i -> i.state() == state).count(), "state", state.name().toLowerCase()));
        }
        meters.add(gauge("stoker.queue.depth", "Calls waiting for an instance", function, PoolSnapshot::queued));
        meters.add(gauge("stoker.inflight", "Calls being served", function, PoolSnapshot::inFlight));
        return meters;
    }

    private Meter gauge(String name, String description, String function, ToDoubleFunction<PoolSnapshot> value,
                        String... extraTags) {
        return Gauge.builder(name, functions, r -> r.get(function).map(fn -> value.applyAsDouble(fn.pool().snapshot()))
                        .orElse(0.0))
                .description(description)
                .tags("function", function)
                .tags(extraTags)
                .register(registry);
    }
}
