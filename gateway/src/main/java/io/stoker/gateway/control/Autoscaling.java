package io.stoker.gateway.control;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoker.runtime.autoscale.Autoscaler;
import io.stoker.runtime.autoscale.ConcurrencyMeter;
import io.stoker.runtime.autoscale.Decision;
import io.stoker.runtime.autoscale.Observation;
import io.stoker.runtime.pool.PoolSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each function's pure {@link Autoscaler}, fed by the control pass: it observes the pool (time-weighted concurrency
 * from its busy time, queued calls, ready instances) and the Kafka lag, asks for a decision and gives the pool its
 * desired size. It keeps the last decision for {@code stoker describe} and the {@code stoker.autoscaler.*} gauges.
 *
 * <p>{@link #scale} and {@link #retainOnly} are called by the one control thread; {@link #lastDecision} and the
 * gauges are read from any thread.
 */
@ApplicationScoped
public class Autoscaling {

    private final MeterRegistry meters;
    private final Map<String, Scaled> scaled = new ConcurrentHashMap<>();

    /** A function's autoscaler and busy-time meter, the spec hash they were made for, what they saw and decided. */
    private static final class Scaled {
        final String specHash;
        final Autoscaler autoscaler;
        final ConcurrencyMeter meter = new ConcurrencyMeter();
        volatile Decision last = new Decision(0, false, 0, 0, "not decided yet");
        volatile double concurrency;
        List<Meter> gauges = List.of();

        Scaled(String specHash, Autoscaler autoscaler) {
            this.specHash = specHash;
            this.autoscaler = autoscaler;
        }
    }

    public Autoscaling(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The last decision for a function, for {@code stoker describe}; null before its first. */
    public Decision lastDecision(String function) {
        Scaled s = scaled.get(function);
        return s == null ? null : s.last;
    }

    /** Observes {@code fn} at {@code now}, decides, and sets the pool's desired size. */
    Decision scale(ControlledFunction fn, Tick now, long kafkaLag) {
        Scaled s = scaled.compute(fn.name(), (name, old) -> old != null && old.specHash.equals(fn.specHash()) ? old
                : fresh(fn, old));
        PoolSnapshot snapshot = fn.snapshot();
        // Busy time is read a moment after the tick; the next read is as late after the next tick, so the interval
        // is the tick's to within the jitter of the pass, not a growing error.
        double concurrency = s.meter.read(fn.busyNanos(), now.nanos(), snapshot.inFlight());
        s.concurrency = concurrency;
        Observation obs = new Observation(snapshot.readyInstances(), concurrency, snapshot.queued(), kafkaLag);
        Decision decision = s.autoscaler.decide(now.at(), obs);
        s.last = decision;
        fn.setDesired(decision.desired());
        return decision;
    }

    /** Forgets the functions not in {@code functions} (deleted), their gauges with them. */
    void retainOnly(Set<String> functions) {
        scaled.entrySet().removeIf(e -> {
            boolean gone = !functions.contains(e.getKey());
            if (gone) {
                e.getValue().gauges.forEach(meters::remove);
            }
            return gone;
        });
    }

    private Scaled fresh(ControlledFunction fn, Scaled old) {
        if (old != null) {
            old.gauges.forEach(meters::remove);
        }
        Scaled s = new Scaled(fn.specHash(), new Autoscaler(fn.autoscalerSettings()));
        s.gauges = List.of(
                Gauge.builder("stoker.autoscaler.desired", s, x -> x.last.desired())
                        .description("Instances the autoscaler wants").tag("function", fn.name()).register(meters),
                Gauge.builder("stoker.autoscaler.panic", s, x -> x.last.panicking() ? 1 : 0)
                        .description("1 while the autoscaler is in panic mode")
                        .tag("function", fn.name()).register(meters),
                Gauge.builder("stoker.autoscaler.concurrency", s, x -> x.concurrency)
                        .description("Calls in flight, time-weighted over the last tick: the autoscaler's input")
                        .tag("function", fn.name()).register(meters));
        return s;
    }
}
