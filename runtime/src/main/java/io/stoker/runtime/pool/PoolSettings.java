package io.stoker.runtime.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Pool tuning that is not part of the function spec.
 *
 * @param queueLimit calls that may wait for an instance at once; one more gets {@link QueueFullException}
 * @param launchRetryBackoff pause after a failed launch before the next one; doubles with each failure in a row
 * @param maxLaunchRetryBackoff the back-off never grows past this
 * @param lossGrace after a failed call finds its instance still running, how long before it is asked again and,
 *     still running, the failure counts as the call's own (an instance killed a moment ago may still be listed)
 */
public record PoolSettings(int queueLimit, Duration launchRetryBackoff, Duration maxLaunchRetryBackoff,
                           Duration lossGrace) {

    /** The default {@link #lossGrace}. */
    public static final Duration DEFAULT_LOSS_GRACE = Duration.ofMillis(300);

    public PoolSettings(int queueLimit, Duration launchRetryBackoff, Duration maxLaunchRetryBackoff) {
        this(queueLimit, launchRetryBackoff, maxLaunchRetryBackoff, DEFAULT_LOSS_GRACE);
    }

    public PoolSettings {
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queueLimit must be >= 0, was " + queueLimit);
        }
        Objects.requireNonNull(launchRetryBackoff, "launchRetryBackoff");
        Objects.requireNonNull(maxLaunchRetryBackoff, "maxLaunchRetryBackoff");
        if (launchRetryBackoff.isNegative() || launchRetryBackoff.isZero()) {
            throw new IllegalArgumentException("launchRetryBackoff must be positive, was " + launchRetryBackoff);
        }
        Objects.requireNonNull(lossGrace, "lossGrace");
        if (lossGrace.isNegative()) {
            throw new IllegalArgumentException("lossGrace must not be negative, was " + lossGrace);
        }
        if (maxLaunchRetryBackoff.compareTo(launchRetryBackoff) < 0) {
            throw new IllegalArgumentException("maxLaunchRetryBackoff (" + maxLaunchRetryBackoff
                    + ") must be >= launchRetryBackoff (" + launchRetryBackoff + ")");
        }
    }

    /** 1000 queued calls, back-off from 1 s up to 30 s. */
    public static PoolSettings defaults() {
        return new PoolSettings(1000, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** Back-off after {@code failuresInARow} (>= 1) failed launches: base × 2^(n-1), capped. */
    public Duration backoffAfter(int failuresInARow) {
        Duration backoff = launchRetryBackoff;
        for (int i = 1; i < failuresInARow && backoff.compareTo(maxLaunchRetryBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxLaunchRetryBackoff) > 0 ? maxLaunchRetryBackoff : backoff;
    }
}
