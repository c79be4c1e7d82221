package io.stoker.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.runtime.spec.KafkaTrigger;
import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final KafkaTrigger.Retry RETRY = new KafkaTrigger.Retry(5, Duration.ofMillis(200), Duration.ofSeconds(1));

    /** A random that always answers its bound's extreme: lowest or highest. */
    private static RandomGenerator fixed(boolean highest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return highest ? bound - 1 : 0;
            }
        };
    }

    @Test
    void allowsAttemptsCallsInAll() {
        RetryPolicy policy = new RetryPolicy(RETRY, new Random(1));
        assertThat(policy.mayRetry(4)).isTrue();
        assertThat(policy.mayRetry(5)).isFalse();
    }

    @Test
    void capDoublesUpToMaxBackoff() {
        RetryPolicy policy = new RetryPolicy(RETRY, new Random(1));
        assertThat(policy.cap(1)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(policy.cap(2)).isEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(policy.cap(3)).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(policy.cap(4)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(policy.cap(1000)).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void equalJitterStaysBetweenHalfTheCapAndTheCap() {
        assertThat(new RetryPolicy(RETRY, fixed(false)).delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(new RetryPolicy(RETRY, fixed(true)).delay(2)).isEqualTo(Duration.ofMillis(400));
        RetryPolicy seeded = new RetryPolicy(RETRY, new Random(7));
        for (int failures = 1; failures < 10; failures++) {
            long cap = seeded.cap(failures);
            for (int i = 0; i < 100; i++) {
                assertThat(seeded.delay(failures).toNanos()).isBetween(cap / 2, cap);
            }
        }
    }

    @Test
    void saturatedDelayIsJitteredAroundTheBase() {
        RetryPolicy policy = new RetryPolicy(RETRY, new Random(3));
        for (int i = 0; i < 100; i++) {
            assertThat(policy.saturatedDelay(Duration.ofMillis(100))).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        }
    }

    @Test
    void refusesZeroAttempts() {
        assertThatThrownBy(() -> new RetryPolicy(new KafkaTrigger.Retry(0, Duration.ZERO, Duration.ZERO), new Random()))
                .hasMessageContaining("retry.attempts must be at least 1");
    }
}
