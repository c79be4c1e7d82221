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
 */
public record PoolSnapshot(
        String function, String specHash, List<InstanceSnapshot> instances, int queued, boolean closed, String lastLaunchError) {

    public PoolSnapshot {
        instances = List.copyOf(instances);
    }

    /** Calls in flight over all instances. */
    public int inFlight() {
        return instances.stream().mapToInt(InstanceSnapshot::inFlight).sum();
    }
}
