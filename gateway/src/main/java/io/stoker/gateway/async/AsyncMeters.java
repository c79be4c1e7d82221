package io.stoker.gateway.async;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoker.gateway.records.CallStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code stoker_async_queued}: async calls this gateway has taken from the topic and not ended yet (waiting for an
 * attempt, a back-off, the dead-letter write or the callback); {@code stoker_async_calls_total{function,outcome}}:
 * async calls ended, by how (the record's status: success, function_error, rejected, dead_lettered).
 */
@ApplicationScoped
public class AsyncMeters {

    private final MeterRegistry registry;
    private final AtomicLong queued = new AtomicLong();
    private final Map<String, Counter> ended = new ConcurrentHashMap<>();

    public AsyncMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("stoker.async.queued", queued, AtomicLong::get)
                .description("Async calls taken from the topic by this gateway and not ended yet").register(registry);
    }

    void taken() {
        queued.incrementAndGet();
    }

    void ended(String function, CallStatus status) {
        queued.decrementAndGet();
        ended.computeIfAbsent(function + '\0' + status.tag(), k -> Counter.builder("stoker.async.calls")
                .description("Async calls ended, by function and outcome")
                .tag("function", function).tag("outcome", status.tag()).register(registry)).increment();
    }
}
