package io.stoker.gateway.call;

import java.util.function.LongSupplier;

/**
 * The deadlines of the calls on one event loop, with one timer for all of them instead of one per call. Calls of one
 * function share its timeout, so in arrival order they are in deadline order: each timeout value has a lane, a
 * doubly linked list the call itself is a node of, where adding and removing cost a few pointer writes and nothing is
 * allocated. One timer is armed for the earliest deadline at a lane's head; when it fires, the calls due leave and
 * are told, and it is armed again for the next head. Calls that end are unlinked at once, so a busy loop's timer
 * fires about once per timeout, not once per call.
 *
 * <p>Not thread-safe: one instance per event loop, used only on that loop.
 */
final class DeadlineSweep {

    /** Something the sweep times out; its links belong to the sweep. */
    abstract static class Entry {
        private Entry prev;
        private Entry next;
        private Lane lane;
        private long deadline;

        /** The deadline passed; the entry has already left the sweep. */
        abstract void deadlinePassed();

        final boolean swept() {
            return lane != null;
        }
    }

    /** The entries of one timeout value, earliest deadline first. */
    private static final class Lane {
        final long timeoutMs;
        Entry head;
        Entry tail;

        Lane(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }
    }

    /** Arms and cancels the one timer; Vert.x's in production, a manual one in tests. */
    interface Timers {
        long set(long delayMs, Runnable fired);

        void cancel(long id);
    }

    private final Timers timers;
    private final LongSupplier millis;
    private Lane[] lanes = new Lane[0];
    private long timerId = -1;
    private long timerAt = Long.MAX_VALUE;

    DeadlineSweep(Timers timers, LongSupplier millis) {
        this.timers = timers;
        this.millis = millis;
    }

    /** Adds {@code entry}, due at {@code deadline} (epoch ms), in the lane of calls with {@code timeoutMs}. */
    void add(Entry entry, long timeoutMs, long deadline) {
        if (entry.lane != null) {
            throw new IllegalStateException("already in the sweep");
        }
        Lane lane = lane(timeoutMs);
        entry.deadline = deadline;
        entry.lane = lane;
        // Usually the latest deadline of its lane; a call that waited again (rerouted) keeps its earlier one.
        Entry after = lane.tail;
        while (after != null && after.deadline > deadline) {
            after = after.prev;
        }
        entry.prev = after;
        entry.next = after == null ? lane.head : after.next;
        if (entry.next == null) {
            lane.tail = entry;
        } else {
            entry.next.prev = entry;
        }
        if (after == null) {
            lane.head = entry;
        } else {
            after.next = entry;
        }
        if (deadline < timerAt) {
            arm(deadline);
        }
    }

    /** Takes {@code entry} out, if it is in; its deadline no longer matters. */
    void remove(Entry entry) {
        Lane lane = entry.lane;
        if (lane == null) {
            return;
        }
        if (entry.prev == null) {
            lane.head = entry.next;
        } else {
            entry.prev.next = entry.next;
        }
        if (entry.next == null) {
            lane.tail = entry.prev;
        } else {
            entry.next.prev = entry.prev;
        }
        entry.prev = null;
        entry.next = null;
        entry.lane = null;
        // The timer stays armed: when it fires with nothing due it is armed for the new head, which costs less than
        // cancelling and arming on every call.
    }

    /** How many entries wait: for tests. */
    int size() {
        int n = 0;
        for (Lane lane : lanes) {
            for (Entry e = lane.head; e != null; e = e.next) {
                n++;
            }
        }
        return n;
    }

    private Lane lane(long timeoutMs) {
        for (Lane lane : lanes) {
            if (lane.timeoutMs == timeoutMs) {
                return lane;
            }
        }
        // A new timeout value: rare (one per distinct function timeout), so the array is copied.
        Lane lane = new Lane(timeoutMs);
        Lane[] more = java.util.Arrays.copyOf(lanes, lanes.length + 1);
        more[lanes.length] = lane;
        lanes = more;
        return lane;
    }

    private void arm(long at) {
        if (timerId >= 0) {
            timers.cancel(timerId);
        }
        timerAt = at;
        timerId = timers.set(Math.max(1, at - millis.getAsLong()), this::fire);
    }

    private void fire() {
        timerId = -1;
        timerAt = Long.MAX_VALUE;
        long now = millis.getAsLong();
        long next = Long.MAX_VALUE;
        for (Lane lane : lanes) {
            Entry head;
            while ((head = lane.head) != null && head.deadline <= now) {
                remove(head);
                head.deadlinePassed();
            }
            if (lane.head != null) {
                next = Math.min(next, lane.head.deadline);
            }
        }
        // deadlinePassed may have added entries (and armed); only arm if nothing earlier is armed.
        if (next < timerAt) {
            arm(next);
        }
    }
}
