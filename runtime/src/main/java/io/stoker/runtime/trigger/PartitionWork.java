package io.stoker.runtime.trigger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the runner holds for one assigned partition. Touched only on the poll thread. */
final class PartitionWork {

    final TopicPartition partition;
    final OffsetTracker offsets = new OffsetTracker();
    /** Read and not started, in offset order. */
    List<Flight> waiting = new ArrayList<>();
    /** Ordering keys of the active records. */
    final Set<Object> busyKeys = new HashSet<>();
    /** Started and not finished: in a call, waiting for a retry, or being written. */
    int active;
    /** Calls and writes whose answer has not arrived yet: what a revoke waits for. */
    int outstanding;
    /** The pool said it is saturated; cleared by the next answer that is not. */
    boolean saturated;
    boolean paused;
    /** Being revoked or closed: no new retries, and no new starts at or above {@link #drainLimit}. */
    boolean draining;
    /**
     * While draining, records below this offset may still start: it is the highest offset finished when the drain
     * began, so finishing the records before it moves the commit point past every finished record.
     */
    long drainLimit = -1;
    /** No longer assigned: late answers are ignored. */
    boolean gone;
    /** The last commit point sent, -1 when none (or when it failed and must be sent again). */
    long committed = -1;
    /** Records not yet read, from the consumer, at the last refresh. */
    long unread;

    PartitionWork(TopicPartition partition) {
        this.partition = partition;
    }

    void read(Flight flight) {
        offsets.taken(flight.record.offset());
        waiting.add(flight);
    }

    /**
     * The commit points of these partitions that moved since they were last sent; marks them sent.
     */
    static Map<TopicPartition, OffsetAndMetadata> commitPoints(Collection<PartitionWork> works) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionWork work : works) {
            OptionalLong point = work.offsets.commitPoint();
            if (point.isPresent() && point.getAsLong() != work.committed) {
                offsets.put(work.partition, new OffsetAndMetadata(point.getAsLong()));
                work.committed = point.getAsLong();
            }
        }
        return offsets;
    }

    /** The records that may start now, in offset order: all waiting ones, or while draining those below the limit. */
    List<Flight> candidates() {
        if (!draining) {
            return waiting;
        }
        int end = 0;
        while (end < waiting.size() && waiting.get(end).record.offset() < drainLimit) {
            end++;
        }
        return waiting.subList(0, end);
    }

    /** Starts the drain: no retries from now on, and no starts beyond what was finished. */
    void drain() {
        draining = true;
        drainLimit = offsets.highestFinished();
    }

    /** Records read and not finished. */
    int unfinished() {
        return offsets.unfinished();
    }
}
