package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads acquire, release and fail calls on the lock-free path while a sweeper pauses and reaps instances every
 * millisecond and a killer makes the engine lose one every few milliseconds. Afterwards: no instance ever had more
 * than {@code concurrency} calls, no call reached a frozen container, every call was served or failed (none hung),
 * every lease ended exactly once (the count of every instance, dead ones included, is back to exactly zero), and the
 * pool drains.
 */
class FunctionPoolStressTest {

    static final int THREADS = 8;
    static final int ROUNDS = 1_500;

    final ExecutorService launchExecutor = Executors.newCachedThreadPool();
    final ScheduledExecutorService timerExecutor = Executors.newScheduledThreadPool(2);
    final ExecutorService callers = Executors.newFixedThreadPool(THREADS + 1);

    @AfterEach
    void shutDown() {
        callers.shutdownNow();
        launchExecutor.shutdownNow();
        timerExecutor.shutdownNow();
    }

    @Test
    void callsPausesReapsAndDeathsKeepTheBooksStraight() throws Exception {
        stress(3);
    }

    @Test
    void oneCallPerInstanceUnderTheSameChurn() throws Exception {
        stress(1);
    }

    private void stress(int concurrency) throws Exception {
        var launcher = new FakeLauncher();
        var scale = new FunctionSpec.Scale(1, 3, Duration.ofMillis(4), 0, FunctionSpec.Scale.DEFAULT_WINDOW,
                FunctionSpec.Scale.DEFAULT_PANIC_WINDOW, FunctionSpec.Scale.DEFAULT_ZERO_GRACE, Duration.ofMillis(1),
                1);
        var pool = new FunctionPool(PoolFixture.spec(concurrency, scale), "hash1", launcher,
                new PoolSettings(THREADS, Duration.ofMillis(2), Duration.ofMillis(2), Duration.ofMillis(2)),
                Clock.systemUTC(), launchExecutor, new ScheduledExecutorTimer(timerExecutor));
        Map<String, AtomicInteger> inUse = new ConcurrentHashMap<>();
        AtomicInteger overLimit = new AtomicInteger();
        AtomicInteger frozenLeases = new AtomicInteger();
        AtomicInteger orphans = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger otherFailures = new AtomicInteger();
        AtomicInteger aborted = new AtomicInteger();
        AtomicInteger abortCallbacksTwice = new AtomicInteger();
        AtomicInteger callbackWithoutLoss = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        pool.start();
        var sweeper = timerExecutor.scheduleWithFixedDelay(pool::reap, 0, 1, TimeUnit.MILLISECONDS);
        Future<?> killer = callers.submit(() -> {
            go.await();
            while (!done.get()) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(2, 8));
                List<LaunchedInstance> alive = List.copyOf(launcher.running.values());
                if (!alive.isEmpty()) {
                    LaunchedInstance victim = alive.get(ThreadLocalRandom.current().nextInt(alive.size()));
                    launcher.running.remove(victim.containerId());
                    pool.instanceExited(new ContainerExit(victim.containerId(), ExitCause.KILLED, 137,
                            Instant.now()));
                    kills.incrementAndGet();
                }
            }
            return null;
        });

        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(callers.submit(() -> {
                go.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int round = 0; round < ROUNDS; round++) {
                    long deadline = System.currentTimeMillis() + (random.nextInt(20) == 0 ? 2 : 3_000);
                    Lease lease;
                    try {
                        // every call completes: with a lease, or failed by its deadline at the latest
                        lease = pool.acquire(deadline).get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        (e.getCause() instanceof DeadlineExceededException ? timedOut : otherFailures)
                                .incrementAndGet();
                        continue;
                    }
                    granted.incrementAndGet();
                    AtomicInteger callbacks = new AtomicInteger();
                    lease.onAbort(() -> {
                        if (callbacks.incrementAndGet() > 1) {
                            abortCallbacksTwice.incrementAndGet();
                        }
                        if (lease.loss() == null) {
                            callbackWithoutLoss.incrementAndGet();
                        }
                    });
                    if (launcher.frozenAt(lease.host())) {
                        frozenLeases.incrementAndGet();
                    }
                    if (!pool.owns(lease.instanceId()) && lease.loss() == null) {
                        orphans.incrementAndGet(); // handed out on an instance that left without aborting it
                    }
                    AtomicInteger mine = inUse.computeIfAbsent(lease.instanceId(), k -> new AtomicInteger());
                    if (mine.incrementAndGet() > concurrency) {
                        overLimit.incrementAndGet();
                    }
                    if (random.nextInt(4) == 0) {
                        Thread.yield(); // room for a sweep or a death while the call is out
                    }
                    mine.decrementAndGet();
                    if (lease.loss() != null) {
                        aborted.incrementAndGet();
                    }
                    if (random.nextInt(10) == 0) {
                        lease.failed(new RuntimeException("simulated reset"));
                    } else {
                        lease.release();
                    }
                    if (random.nextInt(8) == 0) {
                        lease.release(); // a second end is ignored
                    }
                    if (random.nextInt(50) == 0) {
                        Thread.sleep(2); // let instances go idle: pauses, resumes, reaps
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        done.set(true);
        killer.get(10, TimeUnit.SECONDS);
        sweeper.cancel(false);
        timerExecutor.submit(() -> {}).get(); // a sweep under way has ended

        System.out.printf("stress (concurrency %d): %d granted, %d timed out, %d other failures, %d aborted, "
                + "%d kills, %d launches, %d pauses, %d resumes%n", concurrency, granted.get(), timedOut.get(),
                otherFailures.get(), aborted.get(), kills.get(), launcher.launched.size(), launcher.paused.size(),
                launcher.resumed.size());
        assertThat(granted.get() + timedOut.get() + otherFailures.get()).isEqualTo(THREADS * ROUNDS);
        assertThat(granted.get()).isGreaterThan(THREADS * ROUNDS / 2);
        assertThat(overLimit).as("calls beyond the concurrency limit").hasValue(0);
        assertThat(frozenLeases).as("leases on a frozen container").hasValue(0);
        assertThat(orphans).as("leases on an instance gone without an abort").hasValue(0);
        assertThat(abortCallbacksTwice).hasValue(0);
        assertThat(callbackWithoutLoss).as("abort callbacks of leases that were not aborted").hasValue(0);
        assertThat(launcher.violations).hasValue(0);
        assertThat(kills.get()).isGreaterThan(10);

        PoolSnapshot end = pool.snapshot();
        assertThat(end.inFlight()).isZero();
        assertThat(end.queued()).isZero();
        assertThat(end.instances()).allSatisfy(i -> assertThat(i.inFlight()).isZero());
        pool.drain(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);
        long busy = pool.busyNanos();
        assertThat(pool.retiredPending())
                .as("instances whose count is not back to exactly zero: a lease ended twice or never")
                .isZero();
        assertThat(busy).isPositive();
    }
}
