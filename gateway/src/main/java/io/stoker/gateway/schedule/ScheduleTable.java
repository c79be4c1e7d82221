package io.stoker.gateway.schedule;

import io.stoker.runtime.pool.Timer;
import io.stoker.runtime.schedule.LastTick;
import io.stoker.runtime.schedule.ScheduleRunner;
import io.stoker.runtime.schedule.ScheduleStatus;
import io.stoker.runtime.schedule.ScheduleTimes;
import io.stoker.runtime.schedule.TickPorts;
import io.stoker.runtime.spec.Quantities;
import io.stoker.runtime.spec.ScheduleTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * Which schedules are wanted (from the functions' specs), which partitions this gateway holds, and so which
 * schedules it runs: a runner for each wanted schedule whose key's partition is held, none for any other.
 */
public final class ScheduleTable implements ScheduleBoard.Ownership {

    private static final Logger LOG = Logger.getLogger(ScheduleTable.class);

    private record Wanted(String function, ScheduleTrigger schedule, ScheduleTimes times) {}

    private final Clock clock;
    private final Timer timer;
    private final Duration lateness;
    private final TickPorts ports;
    private final ToIntFunction<String> partitionOf;
    private final Function<String, Optional<LastTick>> memory;

    // Guarded by this.
    private final Map<String, Map<String, Wanted>> wanted = new HashMap<>(); // function -> key -> schedule
    private final Set<Integer> held = new HashSet<>();
    private final Map<String, ScheduleRunner> runners = new HashMap<>();

    public ScheduleTable(Clock clock, Timer timer, Duration lateness, TickPorts ports, ToIntFunction<String> partitionOf,
                  Function<String, Optional<LastTick>> memory) {
        this.clock = clock;
        this.timer = timer;
        this.lateness = lateness;
        this.ports = ports;
        this.partitionOf = partitionOf;
        this.memory = memory;
    }

    /** A function's schedules now (none when it was deleted). */
    public synchronized void want(String function, List<ScheduleTrigger> schedules) {
        Map<String, Wanted> byKey = new HashMap<>();
        for (ScheduleTrigger s : schedules) {
            ScheduleTimes times = ScheduleTimes.parse(s.cron(), s.timezone(), d -> Quantities.duration("cron", d));
            byKey.put(ScheduleRunner.keyOf(function, s), new Wanted(function, s, times));
        }
        if (byKey.isEmpty()) {
            wanted.remove(function);
        } else {
            wanted.put(function, byKey);
        }
        reconcile();
    }

    public synchronized boolean anyWanted() {
        return !wanted.isEmpty();
    }

    @Override
    public synchronized void assigned(Set<Integer> partitions) {
        held.addAll(partitions);
        reconcile();
    }

    @Override
    public synchronized void revoked(Set<Integer> partitions) {
        held.removeAll(partitions);
        reconcile();
    }

    /** The partitions this gateway holds. */
    public synchronized Set<Integer> held() {
        return Set.copyOf(held);
    }

    public synchronized void stopAll() {
        runners.values().forEach(ScheduleRunner::stop);
        runners.clear();
    }

    public synchronized List<ScheduleStatus> status(String function) {
        List<ScheduleStatus> out = new ArrayList<>();
        for (Map.Entry<String, Wanted> e : wanted.getOrDefault(function, Map.of()).entrySet()) {
            ScheduleRunner r = runners.get(e.getKey());
            if (r != null) {
                out.add(r.status());
                continue;
            }
            // Fired by another gateway: its next tick is the same for all; its last one is as far as we have read.
            Wanted w = e.getValue();
            LastTick last = memory.apply(e.getKey()).orElse(null);
            out.add(new ScheduleStatus(w.schedule(), w.times().next(clock.instant()).orElse(null),
                    last == null ? null : last.scheduled(), last == null ? null : last.callId(), null, false));
        }
        out.sort(java.util.Comparator.comparing(s -> s.schedule().cron()));
        return out;
    }

    /** Stops the runners no longer wanted or held (a stop waits for a tick being fired), starts those missing. */
    private void reconcile() {
        Map<String, Wanted> all = new HashMap<>();
        wanted.values().forEach(all::putAll);
        for (Iterator<Map.Entry<String, ScheduleRunner>> it = runners.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ScheduleRunner> e = it.next();
            Wanted w = all.get(e.getKey());
            if (w == null || !held.contains(partitionOf.applyAsInt(e.getKey())) || !w.schedule().equals(e.getValue().schedule())) {
                e.getValue().stop();
                it.remove();
                LOG.infof("schedule %s stopped here", e.getKey());
            }
        }
        for (Map.Entry<String, Wanted> e : all.entrySet()) {
            String key = e.getKey();
            if (runners.containsKey(key) || !held.contains(partitionOf.applyAsInt(key))) {
                continue;
            }
            Wanted w = e.getValue();
            ScheduleRunner r = new ScheduleRunner(w.function(), w.schedule(), w.times(), memory.apply(key).orElse(null),
                    clock, timer, lateness, ports);
            runners.put(key, r);
            r.start();
            LOG.infof("schedule %s (%s, %s) fired by this gateway", key, w.schedule().cron(), w.schedule().timezone());
        }
    }
}
