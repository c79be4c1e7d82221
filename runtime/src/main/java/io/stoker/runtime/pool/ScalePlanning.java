package io.stoker.runtime.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pool's sizing decisions with standby instances, as pure functions over immutable snapshots (like
 * {@link Scheduling}): what to resume or launch, what to pause, what to stop.
 *
 * <p>Words used: <em>active</em> instances serve or are about to (STARTING, RESUMING, READY, BUSY); <em>standing</em>
 * ones are frozen or being frozen (PAUSING, PAUSED); <em>live</em> is both.
 */
final class ScalePlanning {

    private static final Comparator<InstanceSnapshot> LEAST_RECENTLY_USED =
            Comparator.comparing(InstanceSnapshot::lastUsed).thenComparing(InstanceSnapshot::id);

    private ScalePlanning() {}

    /**
     * The pool's sizes.
     *
     * @param min live instances kept (running or paused)
     * @param max live instances at most
     * @param desired active instances the autoscaler wants (0: none asked)
     * @param standby paused instances wanted beyond the active ones; 0 until the function is deployed
     */
    record Targets(int min, int max, int desired, int standby) {}

    /**
     * The targets for a launcher that cannot pause (Kubernetes): the standby instances are kept ready on top of the
     * others, so {@code standby} adds to {@code min} and to a {@code desired} the autoscaler asked for, and none is
     * paused. The stop rule keeps the same number live: {@code max(min, desired) + standby}.
     */
    static Targets readyStandby(Targets targets) {
        int standby = targets.standby();
        int desired = targets.desired() > 0 ? targets.desired() + standby : 0;
        return new Targets(targets.min() + standby, targets.max(), desired, 0);
    }

    /**
     * What to do now.
     *
     * @param resumes PAUSED instances to resume, most recently used first
     * @param coldActive instances to launch that serve at once
     * @param coldStandby instances to launch that are paused once ready
     */
    record LaunchPlan(List<InstanceSnapshot> resumes, int coldActive, int coldStandby) {

        int cold() {
            return coldActive + coldStandby;
        }
    }

    /**
     * Active instances are wanted to cover the {@code queued} calls the free room of active instances does not, and to
     * reach {@code desired}. They come from PAUSED instances first (resumed), then from PAUSING ones (resumed once
     * frozen, so nothing is launched for them), then from cold launches. Then cold standby launches top the standing
     * instances (plus standby launches still STARTING) up to {@code standby}, and cold launches bring the live count
     * up to {@code min}. Cold launches never take the live count past {@code max}; {@code coldAllowed} false (launch
     * back-off) allows resumes only.
     */
    static LaunchPlan plan(List<InstanceSnapshot> instances, int queued, int concurrency, Targets targets,
            boolean coldAllowed) {
        int live = 0;
        int active = 0;
        int pausing = 0;
        int standbyStarting = 0;
        int freeRoom = 0;
        List<InstanceSnapshot> paused = new ArrayList<>();
        for (InstanceSnapshot i : instances) {
            InstanceState s = i.state();
            live += s.live() ? 1 : 0;
            active += s.active() ? 1 : 0;
            pausing += s == InstanceState.PAUSING ? 1 : 0;
            standbyStarting += s == InstanceState.STARTING && i.standby() ? 1 : 0;
            if (s == InstanceState.PAUSED) {
                paused.add(i);
            }
            if (s == InstanceState.STARTING || s == InstanceState.RESUMING || s == InstanceState.READY) {
                freeRoom += Math.max(0, concurrency - i.inFlight());
            }
        }
        int uncovered = queued - freeRoom;
        int forDemand = uncovered > 0 ? (uncovered + concurrency - 1) / concurrency : 0;
        int wanted = Math.max(forDemand, Math.min(targets.desired(), targets.max()) - active);

        paused.sort(LEAST_RECENTLY_USED.reversed());
        List<InstanceSnapshot> resumes = List.copyOf(paused.subList(0, Math.min(wanted, paused.size())));
        int awaitingPause = Math.min(wanted - resumes.size(), pausing);
        int coldActive = Math.max(0, wanted - resumes.size() - awaitingPause);
        int spare = paused.size() - resumes.size() + pausing - awaitingPause + standbyStarting;
        int coldStandby = Math.max(0, targets.standby() - spare);
        coldActive += Math.max(0, targets.min() - live - coldActive - coldStandby);

        if (!coldAllowed) {
            return new LaunchPlan(resumes, 0, 0);
        }
        int room = Math.max(0, targets.max() - live);
        coldActive = Math.min(coldActive, room);
        coldStandby = Math.min(coldStandby, room - coldActive);
        return new LaunchPlan(resumes, coldActive, coldStandby);
    }

    /**
     * The instances to pause now: READY with nothing in flight and unused for at least {@code pauseAfter}, least
     * recently used first, as many as keep {@code desired} active instances. A zero {@code pauseAfter} pauses none.
     */
    static List<InstanceSnapshot> toPause(List<InstanceSnapshot> instances, Instant now, Duration pauseAfter,
            int desired) {
        if (pauseAfter.isZero() || pauseAfter.isNegative()) {
            return List.of();
        }
        long active = instances.stream().filter(i -> i.state().active()).count();
        return instances.stream()
                .filter(i -> i.state() == InstanceState.READY && i.inFlight() == 0)
                .filter(i -> !i.lastUsed().plus(pauseAfter).isAfter(now))
                .sorted(LEAST_RECENTLY_USED)
                .limit(Math.max(0, active - desired))
                .toList();
    }

    /**
     * The instances to stop now, least recently used first: PAUSED ones, and READY ones with nothing in flight, unused
     * for at least {@code idle}; as many as keep {@code max(min, desired) + standby} live instances, and never a READY
     * one that would leave fewer than {@code desired} active.
     */
    static List<InstanceSnapshot> toReap(List<InstanceSnapshot> instances, Instant now, Duration idle, Targets targets) {
        long live = instances.stream().filter(i -> i.state().live()).count();
        long active = instances.stream().filter(i -> i.state().active()).count();
        long surplus = live - (Math.max(targets.min(), targets.desired()) + (long) targets.standby());
        long activeSurplus = active - targets.desired();
        List<InstanceSnapshot> reap = new ArrayList<>();
        List<InstanceSnapshot> idleOnes = instances.stream()
                .filter(i -> i.state() == InstanceState.PAUSED
                        || (i.state() == InstanceState.READY && i.inFlight() == 0))
                .filter(i -> !i.lastUsed().plus(idle).isAfter(now))
                .sorted(LEAST_RECENTLY_USED)
                .toList();
        for (InstanceSnapshot i : idleOnes) {
            if (reap.size() >= surplus) {
                break;
            }
            if (i.state() == InstanceState.READY) {
                if (activeSurplus <= 0) {
                    continue;
                }
                activeSurplus--;
            }
            reap.add(i);
        }
        return reap;
    }
}
