package io.stoker.gateway.async;

import io.stoker.gateway.records.CallStatus;
import io.stoker.runtime.spec.AsyncSettings;
import io.stoker.runtime.trigger.InvokeResult;
import io.stoker.runtime.trigger.Replies;
import io.stoker.runtime.trigger.RetryPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * What comes after each answer of one async call: the end, another call after a back-off, or the dead-letter topic.
 * Retried: 5xx and 429 answers, timeouts and broken connections (each uses one of {@code async.attempts}), and
 * platform faults and a full queue (no attempt used, up to {@code async.maxAge} since the call was accepted). A 4xx
 * other than 429 is the function's verdict on the call and ends it. Pure: time comes in as the call's age.
 */
final class AsyncAttempts {

    /** How long to wait when the function's queue is full (jittered: half fixed, half random). */
    static final Duration SATURATED_DELAY = Duration.ofMillis(500);

    sealed interface Next {}

    /** The call has ended with this status. */
    record End(CallStatus status) implements Next {}

    /** Call again after {@code delay}. */
    record Again(Duration delay) implements Next {}

    /** Attempts or age used up: to the dead-letter topic, for this reason. */
    record GiveUp(String why) implements Next {}

    private final AsyncSettings settings;
    private final RetryPolicy retry;
    /** Calls made that counted as attempts. */
    private int attempts;
    /** Calls lost to platform faults, for their back-off. */
    private int platformFaults;
    private boolean suspect;

    AsyncAttempts(AsyncSettings settings, RandomGenerator random) {
        this.settings = settings;
        this.retry = new RetryPolicy(settings.attempts(), settings.backoff(), settings.maxBackoff(), random);
    }

    /** Calls that counted as attempts so far (the one in flight included). */
    int attempts() {
        return attempts;
    }

    /** A call is being made. */
    void calling() {
        attempts++;
    }

    /** Whether a call this old may still be made at all. */
    String tooOld(Duration age) {
        return age.compareTo(settings.maxAge()) > 0 ? "too old: accepted " + age.toSeconds() + " s ago, past async.maxAge "
                + settings.maxAge().toSeconds() + " s, before it could run" : null;
    }

    Next answered(InvokeResult result, Duration age) {
        switch (result.fault()) {
            case NONE -> {
                if (result.status() < 400) {
                    return new End(CallStatus.SUCCESS);
                }
                if (result.status() != 429 && result.status() < 500) {
                    return new End(CallStatus.FUNCTION_ERROR);
                }
                return attemptUsed(result, age);
            }
            case SATURATED -> {
                attempts--;
                return withinAge(result, age, retry.saturatedDelay(SATURATED_DELAY));
            }
            case PLATFORM -> {
                attempts--;
                return withinAge(result, age, retry.delay(++platformFaults));
            }
            case CRASH_SHARED -> {
                if (!suspect) { // any of the calls it served may have killed it: the first time is not this call's
                    suspect = true;
                    attempts--;
                    return withinAge(result, age, retry.delay(++platformFaults));
                }
                return attemptUsed(result, age);
            }
            default -> { // CALL, CRASH_ALONE
                if (result.status() == 429 || result.status() >= 500) {
                    return attemptUsed(result, age);
                }
                return new End(CallStatus.REJECTED); // the function is gone, or the call cannot be sent
            }
        }
    }

    private Next attemptUsed(InvokeResult result, Duration age) {
        if (!retry.mayRetry(attempts)) {
            return new GiveUp("used all " + settings.attempts() + " attempts; the last: " + describe(result));
        }
        return withinAge(result, age, retry.delay(attempts));
    }

    private Next withinAge(InvokeResult result, Duration age, Duration delay) {
        if (age.plus(delay).compareTo(settings.maxAge()) > 0) {
            return new GiveUp("too old: accepted " + age.toSeconds() + " s ago, the next try would pass async.maxAge "
                    + settings.maxAge().toSeconds() + " s; the last: " + describe(result));
        }
        return new Again(delay);
    }

    static String describe(InvokeResult result) {
        return "HTTP " + result.status() + ": " + Replies.errorText(result);
    }
}
