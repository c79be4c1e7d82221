package io.stoker.runtime.pool;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;

import io.stoker.runtime.testing.ManualClock;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** One pool wired to a fake launcher, a manual clock, timer and executor. */
final class PoolFixture {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    final ManualClock clock = new ManualClock(T0);
    final ManualTimer timer = new ManualTimer(clock);
    final ManualExecutor executor = new ManualExecutor();
    final FakeLauncher launcher = new FakeLauncher();
    final RecordingListener events = new RecordingListener();
    final FunctionPool pool;

    PoolFixture(int concurrency, int min, int max) {
        this(concurrency, min, max, PoolSettings.defaults());
    }

    PoolFixture(int concurrency, int min, int max, PoolSettings settings) {
        this(concurrency, scale(min, max, Duration.ZERO, 0), settings);
    }

    /** A pool with {@code scale} as given, recording its events in {@link #events}. */
    PoolFixture(int concurrency, FunctionSpec.Scale scale, PoolSettings settings) {
        pool = new FunctionPool(spec(concurrency, scale), "hash1", launcher, settings, clock, clock::nanoTime, executor,
                timer, events);
    }

    /** Without pausing ({@code pauseAfter: 0}), so the tests of the running pool see no freezer traffic. */
    static FunctionSpec spec(int concurrency, int min, int max) {
        return spec(concurrency, scale(min, max, Duration.ZERO, 0));
    }

    static FunctionSpec spec(int concurrency, FunctionSpec.Scale scale) {
        return new FunctionSpec("hello", "java", "", "stoker/hello:1", 8080, Map.of(), "",
                new FunctionSpec.Limits(128L << 20, 0.5, Duration.ofSeconds(30), concurrency),
                scale,
                "");
    }

    /** Idle 5 minutes, the autoscaler's defaults, and the pausing given. */
    static FunctionSpec.Scale scale(int min, int max, Duration pauseAfter, int standby) {
        return new FunctionSpec.Scale(min, max, Duration.ofMinutes(5), 0, FunctionSpec.Scale.DEFAULT_WINDOW,
                FunctionSpec.Scale.DEFAULT_PANIC_WINDOW, FunctionSpec.Scale.DEFAULT_ZERO_GRACE, pauseAfter, standby);
    }

    /** The engine reports {@code containerId} ended by itself. */
    void exited(String containerId) {
        exited(containerId, ExitCause.EXITED);
    }

    void exited(String containerId, ExitCause cause) {
        pool.instanceExited(new ContainerExit(containerId, cause, 1, clock.instant()));
    }

    /** Every instance in {@code state}. */
    java.util.List<InstanceSnapshot> in(InstanceState state) {
        return pool.snapshot().instances().stream().filter(i -> i.state() == state).toList();
    }

    /** A deadline {@code seconds} from now. */
    Instant in(long seconds) {
        return clock.instant().plusSeconds(seconds);
    }

    InstanceSnapshot instance(String id) {
        return pool.snapshot().instances().stream()
                .filter(i -> i.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no instance " + id));
    }
}
