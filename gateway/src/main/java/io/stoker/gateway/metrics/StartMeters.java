package io.stoker.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stoker.runtime.pool.PoolListener;
import io.stoker.runtime.pool.StartKind;
import io.stoker.gateway.registry.FunctionChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;

/**
 * Instance starts as the pools report them, cold starts apart from resumes:
 * {@code stoker_instance_starts_total{function,kind}} and {@code stoker_instance_start_seconds{function,kind}}.
 */
@ApplicationScoped
public class StartMeters implements PoolListener {

    private final MeterRegistry registry;

    public StartMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A deleted function's start meters go with it, as its other meters do. */
    void onChange(@Observes FunctionChanged change) {
        if (change.spec().isEmpty()) {
            for (String name : new String[] {"stoker.instance.starts", "stoker.instance.start"}) {
                registry.find(name).tag("function", change.name()).meters().forEach(registry::remove);
            }
        }
    }

    @Override
    public void instanceStarted(String function, StartKind kind, Duration took) {
        String k = kind.name().toLowerCase(Locale.ROOT);
        Counter.builder("stoker.instance.starts").description("Instances that became ready, by how")
                .tags("function", function, "kind", k).register(registry).increment();
        Timer.builder("stoker.instance.start").description("From asking for an instance to its readiness")
                .tags("function", function, "kind", k)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry).record(took);
    }
}
