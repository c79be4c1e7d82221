package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Starts the buffered records of a partition that its ordering and concurrency allow now. Poll thread only. */
final class Starts {

    private final KafkaTrigger trigger;
    private final RecordFlow flow;

    Starts(KafkaTrigger trigger, RecordFlow flow) {
        this.trigger = trigger;
        this.flow = flow;
    }

    /** Starts what may start on this partition (see {@link PartitionWork#candidates()}); returns how many. */
    int startAllowed(PartitionWork work) {
        if (work.saturated || work.gone || work.waiting.isEmpty()) {
            return 0;
        }
        List<Flight> start = Dispatcher.startable(trigger.ordering(), trigger.concurrency(), work.candidates(),
                f -> f.key, work.busyKeys, work.active);
        if (start.isEmpty()) {
            return 0;
        }
        Set<Flight> started = Collections.newSetFromMap(new IdentityHashMap<>());
        started.addAll(start);
        List<Flight> rest = new ArrayList<>(work.waiting.size() - start.size());
        for (Flight f : work.waiting) {
            if (!started.contains(f)) {
                rest.add(f);
            }
        }
        work.waiting = rest;
        start.forEach(flow::start);
        return start.size();
    }
}
