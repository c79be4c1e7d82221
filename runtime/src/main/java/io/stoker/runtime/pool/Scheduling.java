package io.stoker.runtime.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pool's decisions as pure functions over immutable snapshots: no clock, no lock, no threads, so each rule is tested
 * on its own.
 */
public final class Scheduling {

    /**
     * Least in flight first; then a healthy instance before a suspect one; then the most recently used, so the others
     * drain, stay idle and can be reaped; the id only makes the choice deterministic.
     */
    private static final Comparator<InstanceSnapshot> TAKES_CALL_FIRST = Comparator
            .comparingInt(InstanceSnapshot::inFlight)
            .thenComparing(InstanceSnapshot::suspect)
            .thenComparing(InstanceSnapshot::lastUsed, Comparator.reverseOrder())
            .thenComparing(InstanceSnapshot::id);

    private Scheduling() {}

    /** The instance that takes the next call: a READY one with {@code inFlight < concurrency}, or empty. */
    public static Optional<InstanceSnapshot> pick(List<InstanceSnapshot> instances, int concurrency) {
        return instances.stream()
                .filter(i -> i.state() == InstanceState.READY && i.inFlight() < concurrency)
                .min(TAKES_CALL_FIRST);
    }

    /**
     * How many instances to launch now: enough to bring the live count up to {@code min}, and enough that the free room
     * of active instances covers the {@code queued} calls; never past {@code max} live instances. (Without standby or
     * an autoscaler's wish; see {@link ScalePlanning#plan} for the whole rule.)
     */
    public static int launchesNeeded(List<InstanceSnapshot> instances, int queued, int concurrency, int min, int max) {
        return ScalePlanning.plan(instances, queued, concurrency, new ScalePlanning.Targets(min, max, 0, 0), true).cold();
    }

    /**
     * The instances to stop now, in order: idle (READY with nothing in flight, or PAUSED) for at least {@code idle},
     * least recently used first, as many as keep {@code min} live instances. (See {@link ScalePlanning#toReap}.)
     */
    public static List<InstanceSnapshot> toReap(List<InstanceSnapshot> instances, Instant now, Duration idle, int min) {
        return ScalePlanning.toReap(instances, now, idle, new ScalePlanning.Targets(min, Integer.MAX_VALUE, 0, 0));
    }
}
