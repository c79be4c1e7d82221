package io.stoker.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one function and trigger, built once so the invoke path only increments:
 * {@code stoker_invocations_total{function,trigger,outcome}} and
 * {@code stoker_invocation_duration_seconds{function,trigger}}.
 */
public final class InvocationMeters {

    private final MeterRegistry registry;
    private final Timer duration;
    private final Map<Outcome, Counter> counters = new ConcurrentHashMap<>();

    InvocationMeters(MeterRegistry registry, String function, String trigger) {
        this.registry = registry;
        this.duration = Timer.builder("stoker.invocation.duration")
                .description("Time from a call's arrival to the end of its answer")
                .tags("function", function, "trigger", trigger)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        for (Outcome o : Outcome.values()) {
            counters.put(o, Counter.builder("stoker.invocations")
                    .description("Calls of a function, by how they ended")
                    .tags("function", function, "trigger", trigger, "outcome", o.tag())
                    .register(registry));
        }
    }

    /** One finished call: its outcome and how long it took in nanoseconds. */
    public void record(Outcome outcome, long nanos) {
        counters.get(outcome).increment();
        duration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void remove() {
        registry.remove(duration);
        counters.values().forEach(registry::remove);
    }
}
