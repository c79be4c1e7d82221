package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many real threads acquiring and releasing at once: no lease is double-counted and the pool ends idle. */
class FunctionPoolConcurrencyTest {

    static final int THREADS = 8;
    static final int ROUNDS = 2_000;
    static final int CONCURRENCY = 3;
    static final int MAX = 2;

    final ExecutorService launchExecutor = Executors.newCachedThreadPool();
    final ScheduledExecutorService timerExecutor = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService callers = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void shutDown() {
        callers.shutdownNow();
        launchExecutor.shutdownNow();
        timerExecutor.shutdownNow();
    }

    @Test
    void concurrentAcquireAndReleaseKeepTheBooksStraight() throws Exception {
        var launcher = new FakeLauncher();
        PoolSnapshot end = hammer(launcher, PoolFixture.spec(CONCURRENCY, 0, MAX), false);
        assertThat(end.instances()).allSatisfy(i -> assertThat(i.state()).isEqualTo(InstanceState.READY));
    }

    /** Instances pause after 1 ms idle while a sweeper reaps all the time: calls resume them, never reach a frozen one. */
    @Test
    void pausingAndResumingUnderLoadKeepTheBooksStraight() throws Exception {
        var launcher = new FakeLauncher();
        var spec = PoolFixture.spec(CONCURRENCY, PoolFixture.scale(0, MAX, Duration.ofMillis(1), 1));
        PoolSnapshot end = hammer(launcher, spec, true);
        assertThat(launcher.violations).hasValue(0);
        // the sweeper has stopped and no engine call is pending: the pool's view and the engine's agree
        assertThat(end.instances()).allSatisfy(i -> {
            assertThat(i.state()).isIn(InstanceState.READY, InstanceState.PAUSED);
            assertThat(launcher.frozen.contains(i.containerId())).isEqualTo(i.state() == InstanceState.PAUSED);
        });
        System.out.printf("pause/resume under load: %d launches, %d pauses, %d resumes%n",
                launcher.launched.size(), launcher.paused.size(), launcher.resumed.size());
    }

    private PoolSnapshot hammer(FakeLauncher launcher, io.stoker.runtime.spec.FunctionSpec spec, boolean pausing)
            throws Exception {
        var pool = new FunctionPool(spec, "hash1", launcher,
                new PoolSettings(THREADS, Duration.ofMillis(10), Duration.ofMillis(10)), Clock.systemUTC(),
                launchExecutor, new ScheduledExecutorTimer(timerExecutor));
        Map<String, AtomicInteger> inUse = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
        Set<Lease> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger frozenLeases = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ScheduledFuture<?> sweeper = null;
        if (pausing) {
            pool.start();
            sweeper = timerExecutor.scheduleWithFixedDelay(pool::reap, 0, 1, TimeUnit.MILLISECONDS);
        }

        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(callers.submit(() -> {
                go.await();
                for (int round = 0; round < ROUNDS; round++) {
                    Lease lease = pool.acquire(java.time.Instant.now().plusSeconds(30)).get(10, TimeUnit.SECONDS);
                    granted.incrementAndGet();
                    if (launcher.frozenAt(lease.host())) {
                        frozenLeases.incrementAndGet();
                    }
                    if (!seen.add(lease)) {
                        duplicates.incrementAndGet();
                    }
                    int now = inUse.computeIfAbsent(lease.instanceId(), k -> new AtomicInteger()).incrementAndGet();
                    peak.computeIfAbsent(lease.instanceId(), k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                    Thread.onSpinWait();
                    inUse.get(lease.instanceId()).decrementAndGet();
                    if ((round + thread) % 97 == 0) {
                        lease.failed(new RuntimeException("simulated reset"));
                    } else {
                        lease.release();
                    }
                    if (round % 10 == 0) {
                        lease.release(); // a second end must be ignored
                    }
                    if (pausing && (round + thread) % 50 == 0) {
                        Thread.sleep(3); // room for instances to go idle and pause
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        if (sweeper != null) {
            sweeper.cancel(false);
            timerExecutor.submit(() -> {}).get(); // a sweep under way has ended
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until && pool.snapshot().instances().stream().anyMatch(
                    i -> i.state() == InstanceState.PAUSING || i.state() == InstanceState.RESUMING)) {
                Thread.sleep(1);
            }
        }
        assertThat(granted).hasValue(THREADS * ROUNDS);
        assertThat(duplicates).hasValue(0);
        assertThat(frozenLeases).as("leases on a frozen container").hasValue(0);
        assertThat(peak.values()).allSatisfy(p -> assertThat(p.get()).isLessThanOrEqualTo(CONCURRENCY));
        assertThat(launcher.launched).hasSizeLessThanOrEqualTo(MAX);
        PoolSnapshot end = pool.snapshot();
        assertThat(end.inFlight()).isZero();
        assertThat(end.queued()).isZero();
        assertThat(end.instances()).hasSizeLessThanOrEqualTo(MAX);
        return end;
    }
}
