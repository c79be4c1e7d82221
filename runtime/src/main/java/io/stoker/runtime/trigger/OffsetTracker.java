package io.stoker.runtime.trigger;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The commit point of one partition: the offset after the highest contiguous finished record. A record finishes
 * in any order; the point never passes a record that was taken and is not finished (in a call, waiting for a
 * retry, or being written to the dead-letter or reply topic). Gaps in the offsets (compaction, transaction
 * markers) are fine because only records actually taken count. Not thread-safe: the poll thread owns it.
 */
final class OffsetTracker {

    /** Taken and not finished, in offset order. */
    private final TreeSet<Long> unfinished = new TreeSet<>();
    /** One past the highest offset taken; -1 until the first record. */
    private long next = -1;
    /** The highest offset finished; -1 until one is. */
    private long highestFinished = -1;

    /** A record was taken for processing; offsets arrive in increasing order within a partition. */
    void taken(long offset) {
        if (offset < next) {
            throw new IllegalArgumentException("offset " + offset + " taken after " + (next - 1)
                    + ": records of a partition must be taken in offset order");
        }
        unfinished.add(offset);
        next = offset + 1;
    }

    /** Whether a record at this offset comes after every one taken (a re-delivered one does not). */
    boolean isNew(long offset) {
        return offset >= next;
    }

    /** The record is done with: answered 2xx, dead-lettered, replied or dropped. */
    void finished(long offset) {
        if (!unfinished.remove(offset)) {
            throw new IllegalArgumentException("offset " + offset + " was not taken or is already finished");
        }
        highestFinished = Math.max(highestFinished, offset);
    }

    /** The highest offset finished, -1 when none: records below it that are unfinished hold back the commit. */
    long highestFinished() {
        return highestFinished;
    }

    /** The offset to commit (the next record to read after a restart); empty before the first record. */
    OptionalLong commitPoint() {
        if (next < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(unfinished.isEmpty() ? next : unfinished.first());
    }

    /** Records taken and not finished. */
    int unfinished() {
        return unfinished.size();
    }
}
