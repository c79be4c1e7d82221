package io.stoker.gateway.control;

import io.stoker.runtime.autoscale.AutoscalerSettings;
import io.stoker.runtime.pool.InstanceSnapshot;
import io.stoker.runtime.pool.InstanceState;
import io.stoker.runtime.pool.PoolSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A function whose pool is a few numbers the test sets: ready instances, calls in flight now and queued, and the busy
 * time. It writes what the pass does to it, and what it reads, into a shared log, and can be told to fail.
 */
final class FakeFunction implements ControlledFunction {

    /** One concurrent call per instance, so the desired count is the demand; otherwise Knative's defaults. */
    static final AutoscalerSettings ONE_PER_INSTANCE = new AutoscalerSettings(1.0, Duration.ofSeconds(60),
            Duration.ofSeconds(6), 2.0, Duration.ofSeconds(30), 2.0, 100, 0, 10);

    private final String name;
    private final List<String> log;
    String specHash = "v1";
    int ready;
    int inFlight;
    int queued;
    long busyNanos;
    RuntimeException failOnBusy;
    RuntimeException failOnReap;
    final List<Integer> desired = new ArrayList<>();
    int reaps;

    FakeFunction(String name, List<String> log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String specHash() {
        return specHash;
    }

    @Override
    public AutoscalerSettings autoscalerSettings() {
        return ONE_PER_INSTANCE;
    }

    @Override
    public long busyNanos() {
        log.add("busy " + name);
        if (failOnBusy != null) {
            throw failOnBusy;
        }
        return busyNanos;
    }

    @Override
    public PoolSnapshot snapshot() {
        List<InstanceSnapshot> instances = new ArrayList<>();
        for (int i = 0; i < ready; i++) {
            instances.add(new InstanceSnapshot("i" + i, "c" + i, InstanceState.READY, i == 0 ? inFlight : 0, "10.0.0.1",
                    8080, Instant.EPOCH, Instant.EPOCH, false));
        }
        return new PoolSnapshot(name, specHash, instances, queued, false, null);
    }

    @Override
    public void setDesired(int n) {
        log.add("desired " + name + "=" + n);
        desired.add(n);
    }

    @Override
    public void reap() {
        log.add("reap " + name);
        reaps++;
        if (failOnReap != null) {
            throw failOnReap;
        }
    }

    int lastDesired() {
        return desired.get(desired.size() - 1);
    }
}
