package io.stoker.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.gateway.records.CallStatus;
import io.stoker.runtime.spec.AsyncSettings;
import io.stoker.runtime.trigger.InvokeResult;
import io.stoker.runtime.trigger.InvokeResult.Fault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What follows each answer of an async call, on virtual time (the age is given, the random fixed). */
class AsyncAttemptsTest {

    static final AsyncSettings SETTINGS = new AsyncSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(4),
            Duration.ofMinutes(10));
    static final Duration YOUNG = Duration.ofSeconds(5);

    AsyncAttempts attempts = new AsyncAttempts(SETTINGS, new SplittableRandom(7));

    static InvokeResult answer(int status, Fault fault) {
        return new InvokeResult(status, Map.of(), ("said " + status).getBytes(StandardCharsets.UTF_8), fault);
    }

    AsyncAttempts.Next call(int status, Fault fault, Duration age) {
        attempts.calling();
        return attempts.answered(answer(status, fault), age);
    }

    @Test
    void aSuccessOrARedirectEndsTheCall() {
        assertThat(call(200, Fault.NONE, YOUNG)).isEqualTo(new AsyncAttempts.End(CallStatus.SUCCESS));
        assertThat(call(302, Fault.NONE, YOUNG)).isEqualTo(new AsyncAttempts.End(CallStatus.SUCCESS));
    }

    @Test
    void aClientErrorOfTheFunctionIsItsVerdictAndIsNotRetried() {
        assertThat(call(400, Fault.NONE, YOUNG)).isEqualTo(new AsyncAttempts.End(CallStatus.FUNCTION_ERROR));
        assertThat(attempts.attempts()).isEqualTo(1);
    }

    @Test
    void fiveHundredsAndTooManyRequestsAreRetriedWithGrowingBackOffThenGivenUp() {
        AsyncAttempts.Next first = call(500, Fault.NONE, YOUNG);
        assertThat(first).isInstanceOf(AsyncAttempts.Again.class);
        assertThat(((AsyncAttempts.Again) first).delay()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        AsyncAttempts.Next second = call(429, Fault.NONE, YOUNG);
        assertThat(((AsyncAttempts.Again) second).delay()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        AsyncAttempts.Next third = call(503, Fault.NONE, YOUNG);
        assertThat(third).isInstanceOf(AsyncAttempts.GiveUp.class);
        assertThat(((AsyncAttempts.GiveUp) third).why()).contains("used all 3 attempts").contains("HTTP 503: said 503");
    }

    @Test
    void timeoutsAndBrokenConnectionsUseAnAttempt() {
        call(504, Fault.CALL, YOUNG);
        call(502, Fault.CALL, YOUNG);
        assertThat(call(504, Fault.CALL, YOUNG)).isInstanceOf(AsyncAttempts.GiveUp.class);
    }

    @Test
    void platformFaultsAndAFullQueueUseNoAttemptUntilMaxAge() {
        for (int i = 0; i < 20; i++) {
            assertThat(call(502, Fault.PLATFORM, YOUNG)).isInstanceOf(AsyncAttempts.Again.class);
            assertThat(call(429, Fault.SATURATED, YOUNG)).isInstanceOf(AsyncAttempts.Again.class);
        }
        assertThat(attempts.attempts()).isZero();
        assertThat(call(200, Fault.NONE, YOUNG)).isEqualTo(new AsyncAttempts.End(CallStatus.SUCCESS));
        AsyncAttempts.Next late = call(502, Fault.PLATFORM, Duration.ofMinutes(10).minusMillis(1));
        assertThat(late).isInstanceOf(AsyncAttempts.GiveUp.class);
        assertThat(((AsyncAttempts.GiveUp) late).why()).contains("async.maxAge");
    }

    @Test
    void aSharedCrashIsForgivenOnceThenCounts() {
        assertThat(call(502, Fault.CRASH_SHARED, YOUNG)).isInstanceOf(AsyncAttempts.Again.class);
        assertThat(attempts.attempts()).isZero();
        call(502, Fault.CRASH_SHARED, YOUNG);
        assertThat(attempts.attempts()).isEqualTo(1);
    }

    @Test
    void aFunctionGoneEndsTheCallAsRejected() {
        assertThat(call(404, Fault.CALL, YOUNG)).isEqualTo(new AsyncAttempts.End(CallStatus.REJECTED));
    }

    @Test
    void aCallTakenPastItsMaxAgeIsTooOldToRun() {
        assertThat(attempts.tooOld(Duration.ofMinutes(9))).isNull();
        assertThat(attempts.tooOld(Duration.ofMinutes(11))).contains("too old").contains("async.maxAge");
    }
}
