package io.stoker.runtime.autoscale;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Concurrency-based scaling decisions for one function, after Knative's KPA. It reads no clock: the
 * ticking loop passes {@code now} with each {@link Observation}, so tests walk virtual time.
 *
 * <p>Each {@link #decide} call:
 * <ol>
 *   <li>turns the observation into demand, in concurrent calls: time-weighted concurrency + queued + Kafka lag ×
 *       targetConcurrency / lagRecordsPerInstance (a lag of lagRecordsPerInstance records wants one instance);</li>
 *   <li>records it in a stable and a panic {@link SlidingWindow} and wants ⌈average / targetConcurrency⌉
 *       instances from each;</li>
 *   <li>panic starts when the panic window wants ≥ panicThreshold × the ready instances (ready counted as
 *       at least 1), and ends one stable window after the last observation that met that bar. While
 *       panicking the answer is the most the panic window has wanted, never below the ready count;</li>
 *   <li>otherwise the stable window decides; going down keeps at least ⌈ready / maxScaleDownRate⌉
 *       (halving by default) per decision;</li>
 *   <li>zero is allowed only when min is 0, and after the stable window has seen no demand at all for
 *       zeroGrace more (so by default 60 s + 30 s idle); until then one instance stays;</li>
 *   <li>the result is bounded by min and max.</li>
 * </ol>
 *
 * <p>Not thread-safe: one ticking loop owns an instance, and calls it with non-decreasing {@code now}.
 */
public final class Autoscaler {

    /** Floating-point slack so that 22.4 / 11.2 wants 2 instances, not 3. */
    private static final double EPSILON = 1e-9;

    private final AutoscalerSettings settings;
    private final SlidingWindow stable;
    private final SlidingWindow panic;
    /** Last observation that was panic-worthy; null when not panicking (Knative keeps panic as a time too). */
    private Instant panicWorthyAt;
    private int maxPanicDesired;
    /** Since when the stable window has seen no demand; null while it has. */
    private Instant idleSince;

    public Autoscaler(AutoscalerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stable = new SlidingWindow(settings.stableWindow(), AutoscalerSettings.GRANULARITY);
        this.panic = new SlidingWindow(settings.panicWindow(), AutoscalerSettings.GRANULARITY);
    }

    public AutoscalerSettings settings() {
        return settings;
    }

    /** Records {@code obs} as seen at {@code now} and returns the instance count wanted now. */
    public Decision decide(Instant now, Observation obs) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(obs, "obs");
        double demand = demandOf(obs);
        stable.record(now, demand);
        panic.record(now, demand);
        double stableAverage = stable.average(now);
        double panicAverage = panic.average(now);
        int stableWant = instancesFor(stableAverage);
        int panicWant = instancesFor(panicAverage);
        int ready = obs.readyInstances();

        boolean worthy = panicWant >= settings.panicThreshold() * Math.max(1, ready) - EPSILON;
        if (worthy) {
            if (panicWorthyAt == null) {
                maxPanicDesired = 0;
            }
            panicWorthyAt = now;
        } else if (panicWorthyAt != null && !now.isBefore(panicWorthyAt.plus(settings.stableWindow()))) {
            panicWorthyAt = null;
        }
        idleSince = stableAverage > 0 ? null : (idleSince == null ? now : idleSince);

        int desired;
        String reason;
        if (panicWorthyAt != null) {
            desired = Math.max(Math.max(panicWant, maxPanicDesired), ready);
            maxPanicDesired = desired;
            reason = String.format(Locale.ROOT, "panic: %s-window wants %d for %d ready; holding until %s",
                    settings.panicWindow(), panicWant, ready, panicWorthyAt.plus(settings.stableWindow()));
        } else if (stableWant >= ready) {
            desired = stableWant;
            reason = String.format(Locale.ROOT, "stable: %s-window average %.2f wants %d",
                    settings.stableWindow(), stableAverage, stableWant);
        } else {
            int floor = ready <= 1 ? 0 : (int) Math.ceil(ready / settings.maxScaleDownRate() - EPSILON);
            desired = Math.max(stableWant, floor);
            reason = String.format(Locale.ROOT, "stable: %s-window average %.2f wants %d; down from %d to %d",
                    settings.stableWindow(), stableAverage, stableWant, ready, desired);
        }

        if (desired == 0 && ready > 0 && !zeroAllowed(now)) {
            desired = 1;
            reason = settings.min() > 0 ? "stable: no demand" : String.format(Locale.ROOT,
                    "no demand since %s; keeping one instance until %s", idleSince, idleSince.plus(settings.zeroGrace()));
        }
        int bounded = Math.min(settings.max(), Math.max(settings.min(), desired));
        if (bounded != desired) {
            reason += String.format(Locale.ROOT, "; bounded to [%d, %d]", settings.min(), settings.max());
        }
        return new Decision(bounded, panicWorthyAt != null, stableAverage, panicAverage, reason);
    }

    private boolean zeroAllowed(Instant now) {
        return settings.min() == 0 && idleSince != null && !now.isBefore(idleSince.plus(settings.zeroGrace()));
    }

    private double demandOf(Observation obs) {
        double lagDemand = obs.kafkaLag() * settings.targetConcurrency() / settings.lagRecordsPerInstance();
        return obs.concurrency() + obs.queued() + lagDemand;
    }

    private int instancesFor(double averageDemand) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(averageDemand / settings.targetConcurrency() - EPSILON));
    }
}
