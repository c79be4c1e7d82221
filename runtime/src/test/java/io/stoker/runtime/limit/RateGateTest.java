package io.stoker.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateGateTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RateGate gate(long count, Duration per, int burst) {
        return new RateGate(new FunctionSpec.RateLimit(count, per, burst), now::get);
    }

    @Test
    void aBurstPassesThenCallsPassAtTheRate() {
        RateGate gate = gate(10, Duration.ofSeconds(1), 3);
        assertThat(gate.tryPass()).isZero();
        assertThat(gate.tryPass()).isZero();
        assertThat(gate.tryPass()).isZero();
        long wait = gate.tryPass();
        assertThat(wait).as("the fourth call at once waits one interval").isEqualTo(100_000_000L);
        now.addAndGet(wait - 1);
        assertThat(gate.tryPass()).isEqualTo(1);
        now.addAndGet(1);
        assertThat(gate.tryPass()).isZero();
        assertThat(gate.tryPass()).isPositive();
    }

    @Test
    void aRefusedCallTakesNothing() {
        RateGate gate = gate(1, Duration.ofSeconds(1), 1);
        assertThat(gate.tryPass()).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(gate.tryPass()).isEqualTo(1_000_000_000L); // retrying does not push the next pass later
        }
        now.addAndGet(1_000_000_000L);
        assertThat(gate.tryPass()).isZero();
    }

    @Test
    void aQuietSpellRefillsTheBurstButNoMore() {
        RateGate gate = gate(600, Duration.ofMinutes(1), 5); // 10/s
        now.addAndGet(3_600_000_000_000L); // an hour of nothing
        int passed = 0;
        while (gate.tryPass() == 0) {
            passed++;
        }
        assertThat(passed).isEqualTo(5);
    }

    @Test
    void manyThreadsAtOnceGetExactlyTheBurst() throws Exception {
        RateGate gate = gate(1, Duration.ofHours(1), 50); // time stands still: only the burst can pass
        AtomicInteger passed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 1_000; i++) {
                    if (gate.tryPass() == 0) {
                        passed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(passed.get()).isEqualTo(50);
    }
}
