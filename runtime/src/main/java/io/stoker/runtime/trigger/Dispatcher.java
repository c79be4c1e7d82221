package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger.Ordering;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which buffered records of one partition may start now: a pure function of the ordering, the concurrency, the
 * waiting records (in offset order) and what is already active. A record is active from its first call until it
 * is finished, so one waiting for a retry still holds its key and its slot.
 */
final class Dispatcher {

    private Dispatcher() {}

    /**
     * @param ordering key: one record per key at a time, in offset order; partition: one at a time; none: any
     * @param concurrency records active at once in this partition
     * @param waiting records not yet started, in offset order
     * @param keyOf the ordering key of a record (equal keys share an order; give each null key its own object)
     * @param busyKeys keys of the active records (only used for key ordering)
     * @param active records active now
     * @return the records to start now, in offset order
     */
    static <T> List<T> startable(Ordering ordering, int concurrency, List<T> waiting, Function<T, Object> keyOf,
                                 Set<Object> busyKeys, int active) {
        int limit = ordering == Ordering.PARTITION ? 1 : concurrency;
        int free = limit - active;
        List<T> start = new ArrayList<>();
        if (free <= 0 || waiting.isEmpty()) {
            return start;
        }
        if (ordering != Ordering.KEY) {
            return new ArrayList<>(waiting.subList(0, Math.min(free, waiting.size())));
        }
        // A key seen once (started now, active, or skipped) blocks its later records: order within a key holds.
        Set<Object> seen = new HashSet<>(busyKeys);
        for (T record : waiting) {
            if (seen.add(keyOf.apply(record))) {
                start.add(record);
                if (start.size() == free) {
                    break;
                }
            }
        }
        return start;
    }

    /**
     * Whether a partition should be paused: while the pool is saturated, or while its buffer holds more than four
     * times its concurrency; once paused it resumes only below half of that, so it does not flap.
     */
    static boolean shouldPause(boolean paused, boolean saturated, int buffered, int concurrency) {
        if (saturated) {
            return true;
        }
        return paused ? buffered >= 2 * concurrency : buffered > 4 * concurrency;
    }
}
