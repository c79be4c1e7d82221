package io.stoker.runtime.pool;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a {@link FunctionPool} and its helpers ({@link Launches}, {@link Standby}, {@link Shutdown}) share: the fixed
 * collaborators, and the mutable state guarded by {@link #lock}.
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

    final Object lock = new Object();
    // Everything below is guarded by lock.
    final Map<String, PoolInstance> instances = new LinkedHashMap<>();
    final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    boolean closed;
    /** Active instances the autoscaler wants; see {@link FunctionPool#setDesired}. */
    int desired;
    /** Standby instances are kept only once the function is deployed: set by start() and reap(). */
    boolean standbyArmed;
    private long nextId;

    PoolState(FunctionSpec spec, String specHash, EngineCalls engine, PoolSettings settings, Clock clock, Timer timer,
            PoolListener listener) {
        this.spec = spec;
        this.specHash = specHash;
        this.engine = engine;
        this.settings = settings;
        this.clock = clock;
        this.timer = timer;
        this.listener = listener;
        this.concurrency = spec.limits().concurrency();
    }

    String function() {
        return spec.name();
    }

    /** Runs {@code body} under the lock, then the effects it collected after releasing it. */
    void locked(Consumer<Effects> body) {
        Effects fx = new Effects();
        synchronized (lock) {
            body.accept(fx);
        }
        fx.run();
    }

    // ---- the helpers below are called under lock

    ScalePlanning.Targets targets() {
        FunctionSpec.Scale scale = spec.scale();
        return new ScalePlanning.Targets(scale.min(), scale.max(), desired, standbyArmed ? scale.standby() : 0);
    }

    List<InstanceSnapshot> snapshots() {
        return instances.values().stream().map(PoolInstance::snapshot).toList();
    }

    int waiting() {
        return (int) queue.stream().filter(w -> !w.future.isDone()).count();
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
        return instances.values().stream().mapToInt(i -> i.inFlight).sum();
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
