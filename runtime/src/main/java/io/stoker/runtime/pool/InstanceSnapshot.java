package io.stoker.runtime.pool;

import java.time.Instant;

/**
 * What the pool knows about one instance at one moment; immutable, so scheduling decisions are pure functions.
 *
 * @param id instance id within the function
 * @param containerId engine container id; null while STARTING
 * @param state life-cycle state
 * @param inFlight calls currently leased to it
 * @param host address it is reached at; null while STARTING
 * @param port port it serves on; 0 while STARTING
 * @param startedAt when the pool started launching (or adopted) it
 * @param lastUsed when a call last started or ended on it (or when it became ready)
 * @param suspect a call failed at connection level and the instance was not confirmed healthy since
 * @param standby launched to be a paused standby ({@code scale.standby}); cleared once it serves a call
 */
public record InstanceSnapshot(
        String id,
        String containerId,
        InstanceState state,
        int inFlight,
        String host,
        int port,
        Instant startedAt,
        Instant lastUsed,
        boolean suspect,
        boolean standby) {

    /** An instance that was not launched as a standby. */
    public InstanceSnapshot(String id, String containerId, InstanceState state, int inFlight, String host, int port,
            Instant startedAt, Instant lastUsed, boolean suspect) {
        this(id, containerId, state, inFlight, host, port, startedAt, lastUsed, suspect, false);
    }
}
