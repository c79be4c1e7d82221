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

    private static final Comparator<InstanceSnapshot> STOPS_FIRST =
            Comparator.comparing(InstanceSnapshot::lastUsed).thenComparing(InstanceSnapshot::id);

    private Scheduling() {}

    /** The instance that takes the next call: a READY one with {@code inFlight < concurrency}, or empty. */
    public static Optional<InstanceSnapshot> pick(List<InstanceSnapshot> instances, int concurrency) {
        return instances.stream()
                .filter(i -> i.state() == InstanceState.READY && i.inFlight() < concurrency)
                .min(TAKES_CALL_FIRST);
    }

    /**
     * How many instances to launch now: enough to bring the live count up to {@code min}, and enough that the free room
     * of READY and STARTING instances covers the {@code queued} calls; never past {@code max} live instances.
     */
    public static int launchesNeeded(List<InstanceSnapshot> instances, int queued, int concurrency, int min, int max) {
        int live = 0;
        int freeRoom = 0;
        for (InstanceSnapshot i : instances) {
            if (i.state().live()) {
                live++;
            }
            if (i.state() == InstanceState.STARTING || i.state() == InstanceState.READY) {
                freeRoom += Math.max(0, concurrency - i.inFlight());
            }
        }
        int uncovered = queued - freeRoom;
        int forDemand = uncovered > 0 ? (uncovered + concurrency - 1) / concurrency : 0;
        int wanted = Math.max(min - live, forDemand);
        return Math.max(0, Math.min(wanted, max - live));
    }

    /**
     * The instances to stop now, in order: READY with nothing in flight and unused for at least {@code idle}, least
     * recently used first, as many as keep {@code min} live instances.
     */
    public static List<InstanceSnapshot> toReap(List<InstanceSnapshot> instances, Instant now, Duration idle, int min) {
        long live = instances.stream().filter(i -> i.state().live()).count();
        long surplus = Math.max(0, live - min);
        return instances.stream()
                .filter(i -> i.state() == InstanceState.READY && i.inFlight() == 0)
                .filter(i -> !i.lastUsed().plus(idle).isAfter(now))
                .sorted(STOPS_FIRST)
                .limit(surplus)
                .toList();
    }
}
