package io.stoker.runtime.pool;

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
    final FunctionPool pool;

    PoolFixture(int concurrency, int min, int max) {
        this(concurrency, min, max, PoolSettings.defaults());
    }

    PoolFixture(int concurrency, int min, int max, PoolSettings settings) {
        pool = new FunctionPool(spec(concurrency, min, max), "hash1", launcher, settings, clock, executor, timer);
    }

    static FunctionSpec spec(int concurrency, int min, int max) {
        return new FunctionSpec("hello", "java", "", "stoker/hello:1", 8080, Map.of(), "",
                new FunctionSpec.Limits(128L << 20, 0.5, Duration.ofSeconds(30), concurrency),
                new FunctionSpec.Scale(min, max, Duration.ofMinutes(5)),
                "");
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
