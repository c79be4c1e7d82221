package io.stoker.runtime.autoscale;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one function's {@link Autoscaler}; defaults follow Knative's KPA.
 *
 * @param targetConcurrency concurrent calls one instance should carry on average (absolute, > 0)
 * @param stableWindow demand is averaged over this for normal decisions and scale-down
 * @param panicWindow the short window that detects a burst; at least 1 s, at most the stable window
 * @param panicThreshold panic starts when the panic window wants this many times the ready instances (> 1)
 * @param zeroGrace after the stable window has seen no demand, how much longer the last instance stays
 * @param maxScaleDownRate one decision keeps at least ready / this rate instances (> 1; 2 = at most halving)
 * @param lagRecordsPerInstance Kafka backlog one instance is expected to work off; a lag of this many
 *     records counts as one instance's worth of demand ({@code targetConcurrency} concurrent calls)
 * @param min instances never gone below (0 allows scale to zero)
 * @param max instances never gone above
 */
public record AutoscalerSettings(
        double targetConcurrency,
        Duration stableWindow,
        Duration panicWindow,
        double panicThreshold,
        Duration zeroGrace,
        double maxScaleDownRate,
        double lagRecordsPerInstance,
        int min,
        int max) {

    /** Share of {@code limits.concurrency} aimed at, leaving headroom for bursts (Knative's 70 %). */
    public static final double DEFAULT_TARGET_FRACTION = 0.7;
    public static final Duration DEFAULT_STABLE_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PANIC_WINDOW = Duration.ofSeconds(6);
    public static final double DEFAULT_PANIC_THRESHOLD = 2.0;
    public static final Duration DEFAULT_ZERO_GRACE = Duration.ofSeconds(30);
    public static final double DEFAULT_MAX_SCALE_DOWN_RATE = 2.0;
    public static final double DEFAULT_LAG_RECORDS_PER_INSTANCE = 100;

    /** Width of one window bucket; windows shorter than this cannot average anything. */
    static final Duration GRANULARITY = Duration.ofSeconds(1);

    public AutoscalerSettings {
        positive("targetConcurrency", targetConcurrency);
        Objects.requireNonNull(stableWindow, "stableWindow");
        Objects.requireNonNull(panicWindow, "panicWindow");
        Objects.requireNonNull(zeroGrace, "zeroGrace");
        if (panicWindow.compareTo(GRANULARITY) < 0) {
            throw new IllegalArgumentException("panicWindow must be at least " + GRANULARITY + ", was " + panicWindow);
        }
        if (stableWindow.compareTo(panicWindow) < 0) {
            throw new IllegalArgumentException(
                    "stableWindow (" + stableWindow + ") must be >= panicWindow (" + panicWindow + ")");
        }
        if (zeroGrace.isNegative()) {
            throw new IllegalArgumentException("zeroGrace must not be negative, was " + zeroGrace);
        }
        aboveOne("panicThreshold", panicThreshold);
        aboveOne("maxScaleDownRate", maxScaleDownRate);
        positive("lagRecordsPerInstance", lagRecordsPerInstance);
        if (min < 0) {
            throw new IllegalArgumentException("min must be >= 0, was " + min);
        }
        if (max < 1 || max < min) {
            throw new IllegalArgumentException("max must be >= 1 and >= min (" + min + "), was " + max);
        }
    }

    /** Defaults, aiming at 70 % of {@code concurrencyLimit} per instance. */
    public static AutoscalerSettings of(int concurrencyLimit, int min, int max) {
        return of(concurrencyLimit, DEFAULT_TARGET_FRACTION, DEFAULT_STABLE_WINDOW, DEFAULT_PANIC_WINDOW,
                DEFAULT_ZERO_GRACE, min, max);
    }

    /**
     * From the spec: {@code limits.concurrency}, {@code scale.min/max}, and {@code scale.target}
     * (0: 70 % of the limit; above the limit it is capped there), {@code window}, {@code panicWindow},
     * {@code zeroGrace}.
     */
    public static AutoscalerSettings fromSpec(FunctionSpec spec) {
        int limit = spec.limits().concurrency();
        double target = spec.scale().target();
        double fraction = target <= 0 ? DEFAULT_TARGET_FRACTION : Math.min(1.0, target / limit);
        return fromSpec(spec, fraction, spec.scale().window(), spec.scale().panicWindow(), spec.scale().zeroGrace());
    }

    /**
     * From the spec, with the keys {@code stoker.yaml} does not have yet given here.
     *
     * @param targetFraction share of {@code limits.concurrency} aimed at per instance, in (0, 1]
     */
    public static AutoscalerSettings fromSpec(FunctionSpec spec, double targetFraction, Duration stableWindow,
            Duration panicWindow, Duration zeroGrace) {
        Objects.requireNonNull(spec, "spec");
        return of(spec.limits().concurrency(), targetFraction, stableWindow, panicWindow, zeroGrace,
                spec.scale().min(), spec.scale().max());
    }

    /** Same settings, another Kafka lag conversion. */
    public AutoscalerSettings withLagRecordsPerInstance(double records) {
        return new AutoscalerSettings(targetConcurrency, stableWindow, panicWindow, panicThreshold, zeroGrace,
                maxScaleDownRate, records, min, max);
    }

    private static AutoscalerSettings of(int concurrencyLimit, double targetFraction, Duration stableWindow,
            Duration panicWindow, Duration zeroGrace, int min, int max) {
        if (concurrencyLimit < 1) {
            throw new IllegalArgumentException("concurrency limit must be >= 1, was " + concurrencyLimit);
        }
        if (!(targetFraction > 0 && targetFraction <= 1)) {
            throw new IllegalArgumentException("targetFraction must be in (0, 1], was " + targetFraction);
        }
        return new AutoscalerSettings(concurrencyLimit * targetFraction, stableWindow, panicWindow,
                DEFAULT_PANIC_THRESHOLD, zeroGrace, DEFAULT_MAX_SCALE_DOWN_RATE, DEFAULT_LAG_RECORDS_PER_INSTANCE,
                min, max);
    }

    private static void positive(String what, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive number, was " + value);
        }
    }

    private static void aboveOne(String what, double value) {
        if (!(value > 1) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a number above 1, was " + value);
        }
    }
}
