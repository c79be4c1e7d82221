package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.instance.LaunchedInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionPool#busyNanos} read while many threads start and end calls. The sharp test freezes the pool's
 * nanosecond time: then every call the workers make lasts 0 ns and the call time may not move at all, while the time
 * since the pool started is large, so a reading that saw a start without its end (or the reverse) would be off by
 * about that much and show.
 */
class BusyTimeConcurrencyTest {

    static final int WORKERS = 4;
    static final int CONCURRENCY = 8;
    static final int HELD = 3;
    static final long FAR = 1_000_000_000_000L; // 1,000 s after the pool started
    static final long STEP = 1_000_000L;
    /** How far a reading on the real clock may be off: a time slice of a descheduled writer, on 2 busy cores. */
    static final long SKEW = TimeUnit.MILLISECONDS.toNanos(50);

    final ExecutorService launchExecutor = Executors.newCachedThreadPool();
    final ScheduledExecutorService timerExecutor = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService workers = Executors.newFixedThreadPool(WORKERS + 1);

    @AfterEach
    void shutDown() {
        workers.shutdownNow();
        launchExecutor.shutdownNow();
        timerExecutor.shutdownNow();
    }

    @Test
    void frozenTimeKeepsTheCallTimeExactWhileCallsComeGoAndInstancesDie() throws Exception {
        AtomicLong nanos = new AtomicLong(42);
        var launcher = new FakeLauncher();
        var pool = new FunctionPool(PoolFixture.spec(CONCURRENCY, 2, 2), "hash1", launcher,
                new PoolSettings(1000, Duration.ofMillis(5), Duration.ofMillis(5)), Clock.systemUTC(), nanos::get,
                launchExecutor, new ScheduledExecutorTimer(timerExecutor), PoolListener.NONE);
        pool.start();
        nanos.addAndGet(FAR);
        List<Lease> held = new ArrayList<>();
        long expected = 0;
        long readings = 0;

        for (int phase = 0; phase < 12; phase++) {
            while (held.size() < HELD) {
                held.add(pool.acquire(Instant.now().plusSeconds(10)).get(10, TimeUnit.SECONDS));
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                running.add(workers.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        Lease lease = pool.acquire(Instant.now().plusSeconds(10)).get(10, TimeUnit.SECONDS);
                        if ((i + worker) % 13 == 0) {
                            lease.failed(new RuntimeException("reset"));
                        } else {
                            lease.release();
                        }
                    }
                    return null;
                }));
            }
            if (phase % 3 == 2) { // one instance dies under the workers (and maybe some held leases with it)
                running.add(workers.submit(() -> {
                    Thread.sleep(5);
                    LaunchedInstance victim = launcher.running.values().iterator().next();
                    launcher.running.remove(victim.containerId());
                    pool.instanceExited(new ContainerExit(victim.containerId(), ExitCause.KILLED, 137, Instant.now()));
                    return null;
                }));
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
            while (System.nanoTime() < until) {
                assertThat(pool.sampleBusyNanos()).as("phase %d, reading %d", phase, readings).isEqualTo(expected);
                readings++;
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(20, TimeUnit.SECONDS);
            }
            held.removeIf(lease -> lease.loss() != null); // aborted: they stopped counting
            nanos.addAndGet(STEP);
            expected += held.size() * STEP;
            assertThat(pool.sampleBusyNanos()).as("after phase %d", phase).isEqualTo(expected);
            assertThat(pool.busyNanos()).isEqualTo(expected);
        }
        held.forEach(Lease::release);
        nanos.addAndGet(STEP);
        assertThat(pool.busyNanos()).isEqualTo(expected);
        assertThat(readings).isGreaterThan(100);
        System.out.printf("busy time, frozen clock: %d readings under load, exact%n", readings);
    }

    /** On the real nanosecond clock: readings never go down, and never jump by more than the time that passed. */
    @Test
    void readingsOnTheRealClockAreMonotonicAndBounded() throws Exception {
        var launcher = new FakeLauncher();
        var pool = new FunctionPool(PoolFixture.spec(CONCURRENCY, 2, 2), "hash1", launcher,
                new PoolSettings(1000, Duration.ofMillis(5), Duration.ofMillis(5)), Clock.systemUTC(),
                launchExecutor, new ScheduledExecutorTimer(timerExecutor));
        pool.start();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            running.add(workers.submit(() -> {
                while (!stop.get()) {
                    Lease lease = pool.acquire(Instant.now().plusSeconds(10)).get(10, TimeUnit.SECONDS);
                    Thread.onSpinWait();
                    lease.release();
                }
                return null;
            }));
        }
        long previousBefore = System.nanoTime();
        long previous = pool.busyNanos();
        long previousRaw = pool.sampleBusyNanos();
        long until = previousBefore + TimeUnit.SECONDS.toNanos(10); // the reader may get little of 2 busy cores
        long worstDip = 0;
        int readings = 0;
        while (readings < 2_000 && System.nanoTime() < until) {
            long before = System.nanoTime();
            long raw = pool.sampleBusyNanos();
            long now = pool.busyNanos();
            long after = System.nanoTime();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            // At most WORKERS calls are in flight, so the call time grows at most that fast over the span of the two
            // readings; SKEW covers a writer descheduled between reading the clock and publishing its word.
            assertThat(now - previous).isLessThanOrEqualTo(WORKERS * (after - previousBefore) + SKEW);
            worstDip = Math.max(worstDip, previousRaw - raw);
            previous = now;
            previousBefore = before;
            previousRaw = raw;
            readings++;
        }
        stop.set(true);
        for (Future<?> f : running) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(worstDip).as("a raw reading dips by at most a writer's skew").isLessThan(SKEW);
        assertThat(pool.busyNanos()).isPositive();
        assertThat(readings).isGreaterThan(100);
    }
}
