package io.stoker.runtime.spec;

import java.time.Duration;

/**
 * How the function's async calls ({@code /async-function/...}, schedule ticks) are retried: {@code async:} in
 * {@code stoker.yaml}.
 *
 * @param attempts calls in all, the first one included, for failures that are the call's (5xx, 429, a timeout)
 * @param backoff wait before the second call; doubles after each failure, with jitter
 * @param maxBackoff the wait never grows past this
 * @param maxAge how long after it was accepted a call may still be tried (platform faults, which use no attempt,
 *     are retried up to it); past it the call is dead-lettered as too old
 */
public record AsyncSettings(int attempts, Duration backoff, Duration maxBackoff, Duration maxAge) {

    public static final AsyncSettings DEFAULTS = new AsyncSettings(3, Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofHours(1));
}
