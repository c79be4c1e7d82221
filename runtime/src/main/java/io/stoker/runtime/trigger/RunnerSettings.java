package io.stoker.runtime.trigger;

import java.time.Duration;

/**
 * Timings of a trigger runner.
 *
 * @param callTimeout deadline of one call of the function
 * @param commitInterval how often finished offsets are committed while running
 * @param lagInterval how often the lag is refreshed
 * @param drainWait how long a revoke or a close waits for calls in flight before giving up on them
 * @param saturatedDelay the (jittered) wait before calling again after the pool said it is saturated
 * @param idlePoll the longest a poll blocks when there is nothing to do (completions wake it earlier)
 * @param brokerCheck how long one broker check may take before the runner counts as waiting for the broker
 */
public record RunnerSettings(Duration callTimeout, Duration commitInterval, Duration lagInterval, Duration drainWait,
                             Duration saturatedDelay, Duration idlePoll, Duration brokerCheck) {

    public RunnerSettings {
        positive("callTimeout", callTimeout);
        positive("commitInterval", commitInterval);
        positive("lagInterval", lagInterval);
        positive("drainWait", drainWait);
        positive("saturatedDelay", saturatedDelay);
        positive("idlePoll", idlePoll);
        positive("brokerCheck", brokerCheck);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("trigger runner setting " + name + " must be a positive duration, got " + d);
        }
    }

    /** Commits every 200 ms, lag every second, 10 s to drain, 100 ms after saturation. */
    public static RunnerSettings defaults(Duration callTimeout) {
        return new RunnerSettings(callTimeout, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(3));
    }
}
