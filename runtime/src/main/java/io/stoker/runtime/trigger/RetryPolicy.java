package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a failed record is called again: exponential back-off with equal jitter (half the wait fixed, half random),
 * so many records failing together spread out but none retries at once. Pure apart from the injected random. Shared
 * by Kafka triggers and async calls.
 */
public final class RetryPolicy {

    private final int attempts;
    private final long backoffNanos;
    private final long maxBackoffNanos;
    private final RandomGenerator random;

    RetryPolicy(KafkaTrigger.Retry retry, RandomGenerator random) {
        this(retry.attempts(), retry.backoff(), retry.maxBackoff(), random);
    }

    public RetryPolicy(int attempts, Duration backoff, Duration maxBackoff, RandomGenerator random) {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry.attempts must be at least 1, was " + attempts);
        }
        this.attempts = attempts;
        this.backoffNanos = backoff.toNanos();
        this.maxBackoffNanos = Math.max(maxBackoff.toNanos(), backoffNanos);
        this.random = random;
    }

    /** Whether another call is allowed after {@code callsMade} calls that failed. */
    public boolean mayRetry(int callsMade) {
        return callsMade < attempts;
    }

    /** The wait before the next call, after {@code failures} failed calls (1 for the first failure). */
    public Duration delay(int failures) {
        long cap = cap(failures);
        long half = cap / 2;
        return Duration.ofNanos(cap - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    /** backoff × 2^(failures-1), never past maxBackoff (and never overflowing). */
    long cap(int failures) {
        long wait = backoffNanos;
        for (int i = 1; i < failures && wait < maxBackoffNanos; i++) {
            wait = wait > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : wait * 2;
        }
        return Math.min(wait, maxBackoffNanos);
    }

    /** The wait after the pool said it is saturated: short, jittered, independent of the attempts. */
    public Duration saturatedDelay(Duration base) {
        long nanos = base.toNanos();
        return Duration.ofNanos(nanos / 2 + random.nextLong(nanos / 2 + 1));
    }
}
