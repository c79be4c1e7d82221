package io.stoker.runtime.pool;

import java.util.List;

/**
 * The whole pool at one moment, for describe/list and metrics.
 *
 * @param function function name
 * @param specHash hash of the spec the pool launches
 * @param instances every instance still in the pool (dead ones have left)
 * @param queued calls waiting for an instance
 * @param closed the pool takes no new calls (drained, closed or detached)
 * @param lastLaunchError message of the most recent failed launch; null when the last launch succeeded
 * @param desired active instances the autoscaler asked for ({@link FunctionPool#setDesired}); 0 when never set
 */
public record PoolSnapshot(String function, String specHash, List<InstanceSnapshot> instances, int queued,
        boolean closed, String lastLaunchError, int desired) {

    public PoolSnapshot {
        instances = List.copyOf(instances);
    }

    /** A snapshot without an autoscaler's wish. */
    public PoolSnapshot(String function, String specHash, List<InstanceSnapshot> instances, int queued, boolean closed,
            String lastLaunchError) {
        this(function, specHash, instances, queued, closed, lastLaunchError, 0);
    }

    /** Instances able to serve now (READY or BUSY): the autoscaler's {@code Observation.readyInstances}. */
    public int readyInstances() {
        return count(InstanceState.READY) + count(InstanceState.BUSY);
    }

    /** Instances frozen or being frozen (PAUSED or PAUSING). */
    public int pausedInstances() {
        return count(InstanceState.PAUSED) + count(InstanceState.PAUSING);
    }

    /** Instances in {@code state}. */
    public int count(InstanceState state) {
        return (int) instances.stream().filter(i -> i.state() == state).count();
    }

    /** Calls in flight over all instances. */
    public int inFlight() {
        return instances.stream().mapToInt(InstanceSnapshot::inFlight).sum();
    }
}
