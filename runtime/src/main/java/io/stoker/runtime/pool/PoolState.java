package io.stoker.runtime.pool;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a {@link FunctionPool} and its helpers ({@link Launches}, {@link Standby}, {@link Shutdown}, {@link Leases})
 * share: the fixed collaborators, the mutable state guarded by the lock, and the few volatile views of it the lock-free
 * call path reads ({@link #ready}, {@link #queue}'s size, {@link #closed}). The lock is private: every entry goes
 * through {@link #locked} or {@link #read}, which count them, so a test can show the warm call path takes none.
 */
final class PoolState {

    final FunctionSpec spec;
    final String specHash;
    final EngineCalls engine;
    final PoolSettings settings;
    final Clock clock;
    final Timer timer;
    final PoolListener listener;
    final int concurrency;
    private final LongSupplier nanoTime;
    private final long startNanos;

    private final Object lock = new Object();
    /** Entries into the lock; written under it, read anywhere (tests). */
    private volatile long lockEntries;

    /** Published under the lock, read by the call path. */
    final ReadyInstances ready = new ReadyInstances();
    /** Changed under the lock; its size is read by the call path. */
    final WaitQueue queue = new WaitQueue();
    /** Written under the lock, read by the call path. */
    volatile boolean closed;

    // Everything below is guarded by lock.
    final Map<String, PoolInstance> instances = new LinkedHashMap<>();
    final BusyTime busy = new BusyTime();
    /** Active instances the autoscaler wants; see {@link FunctionPool#setDesired}. */
    int desired;
    /** Standby instances are kept only once the function is deployed: set by start() and reap(). */
    boolean standbyArmed;
    private long nextId;

    PoolState(FunctionSpec spec, String specHash, EngineCalls engine, PoolSettings settings, Clock clock,
            LongSupplier nanoTime, Timer timer, PoolListener listener) {
        this.spec = spec;
        this.specHash = specHash;
        this.engine = engine;
        this.settings = settings;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.timer = timer;
        this.listener = listener;
        this.concurrency = spec.limits().concurrency();
    }

    String function() {
        return spec.name();
    }

    /** Now on the pool's nanosecond time line: nanoseconds since the pool was made (wrapping arithmetic). */
    long nanos() {
        return nanoTime.getAsLong() - startNanos;
    }

    /** A reading of {@link #nanos} on the pool's source itself ({@link System#nanoTime} for the system clock). */
    long sourceNanos(long poolNanos) {
        return poolNanos + startNanos;
    }

    /**
     * Runs {@code body} under the lock, republishes the READY instances, then runs the effects it collected after
     * releasing the lock.
     */
    void locked(Consumer<Effects> body) {
        Effects fx = new Effects();
        synchronized (lock) {
            lockEntries++;
            body.accept(fx);
            ready.republish(instances.values());
        }
        fx.run();
    }

    /** Reads under the lock, changing nothing. */
    <T> T read(Supplier<T> body) {
        synchronized (lock) {
            lockEntries++;
            return body.get();
        }
    }

    /** How many times the lock was entered so far. */
    long lockEntries() {
        return lockEntries;
    }

    // ---- the helpers below are called under lock

    void add(PoolInstance instance) {
        instances.put(instance.id, instance);
    }

    /** Takes {@code instance} out of the pool if it is still in it; its call time keeps counting in {@link #busy}. */
    boolean remove(PoolInstance instance) {
        if (!instances.remove(instance.id, instance)) {
            return false;
        }
        busy.retire(instance.calls);
        return true;
    }

    ScalePlanning.Targets targets() {
        FunctionSpec.Scale scale = spec.scale();
        ScalePlanning.Targets targets =
                new ScalePlanning.Targets(scale.min(), scale.max(), desired, standbyArmed ? scale.standby() : 0);
        return engine.canPause() ? targets : ScalePlanning.readyStandby(targets);
    }

    /** Snapshots of every instance at {@code now} / {@code nowNanos} (the same moment on both time lines). */
    List<InstanceSnapshot> snapshots(Instant now, long nowNanos) {
        return instances.values().stream().map(i -> i.snapshot(now, nowNanos, concurrency)).toList();
    }

    List<InstanceSnapshot> snapshots() {
        return snapshots(clock.instant(), nanos());
    }

    int waiting() {
        return queue.waiting();
    }

    PoolInstance byContainer(String containerId) {
        for (PoolInstance instance : instances.values()) {
            if (instance.launched != null && instance.launched.containerId().equals(containerId)) {
                return instance;
            }
        }
        return null;
    }

    boolean hasLive() {
        return instances.values().stream().anyMatch(i -> i.state.live());
    }

    int totalInFlight() {
        return instances.values().stream().mapToInt(i -> i.calls.inFlight()).sum();
    }

    /** A new instance record, starting now. */
    PoolInstance newInstance(String id, Instant now) {
        return new PoolInstance(id, now, nanos(), concurrency);
    }

    /** Unique within the pool and, through the time part, across gateway restarts (adopted instances keep theirs). */
    String newId(Instant now) {
        String id;
        do {
            id = Long.toString(now.toEpochMilli(), 36) + "-" + (++nextId);
        } while (instances.containsKey(id));
        return id;
    }
}
