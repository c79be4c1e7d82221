package io.stoker.runtime.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The side of one instance that the call path reads and writes without the pool's lock: the calls in flight, the
 * leases out, when it was last used, and the call time it served. Everything here is atomic; the pool's lock only
 * decides when an instance opens (it became READY) and closes (it pauses, stops or dies).
 *
 * <p><b>The count.</b> {@link #count} holds the calls in flight in its low bits and {@link #CLOSED} while the instance
 * takes no calls, so one compare-and-set both checks "serving and below the limit" ({@code count < concurrency}: a
 * closed count is never below it) and counts the call. A lock holder takes an instance out of service by setting the
 * bit: pausing and reaping only from exactly 0 ({@link #closeIfUnusedSince}), so no call can be in flight on a paused
 * or reaped instance; a death sets it whatever the count ({@link #close}) and then aborts the leases it finds.
 *
 * <p><b>The slots.</b> A counted call registers its lease in one of {@code concurrency} slots (there is always a free
 * one, as a lease takes its slot after its count and leaves it before its count drops), so the pool can abort the
 * leases of an instance that died without a lock on the call path and without allocating per call.
 *
 * <p><b>The call time.</b> Each slot also keeps one word, {@code 2·A + open}: {@code open} is 1 while a lease holds the
 * slot, and {@code A} is the call time of the leases that have left it minus the start of the one in it. A lease adds
 * {@code 1 - 2·start} when it starts and {@code 2·end - 1} when it ends, each one atomic add on one word, so every word
 * read is consistent on its own: the slot's call time up to {@code T} is {@code (word >> 1) + (word & 1)·T}. This is
 * why there is no "sum and count out of step" problem to guard against; see {@link BusyTime} for the sum over slots.
 */
final class InstanceCalls {

    /** Set in the count while the instance takes no calls; above any concurrency limit (at most 10,000). */
    static final int CLOSED = 1 << 30;

    /** A slot taken by a lease whose start is not written yet: an abort must not see (and end) it before that. */
    private static final Object RESERVED = new Object();

    private final int concurrency;
    private final AtomicInteger count = new AtomicInteger(CLOSED);
    /** Each slot: null, {@link #RESERVED} or the {@link PoolLease} in it. */
    private final AtomicReferenceArray<Object> slots;
    private final AtomicLongArray time;
    /** On the pool's nanosecond time line: when a call last started or ended here, or the instance became ready. */
    private volatile long lastUsed;

    InstanceCalls(int concurrency, long now) {
        if (concurrency < 1 || concurrency >= CLOSED) {
            throw new IllegalArgumentException("concurrency must be in 1.." + (CLOSED - 1) + ", was " + concurrency);
        }
        this.concurrency = concurrency;
        this.slots = new AtomicReferenceArray<>(concurrency);
        this.time = new AtomicLongArray(concurrency);
        this.lastUsed = now;
    }

    // ---- read anywhere

    /** The raw count: below the concurrency limit exactly when the instance serves and has room. */
    int load() {
        return count.get();
    }

    int inFlight() {
        return count.get() & ~CLOSED;
    }

    boolean closed() {
        return (count.get() & CLOSED) != 0;
    }

    long lastUsed() {
        return lastUsed;
    }

    // ---- the call path

    /** Counts one more call if the instance serves and has room; returns the count before it, or -1. */
    int tryEnter() {
        for (int c = count.get(); c < concurrency; c = count.get()) {
            if (count.compareAndSet(c, c + 1)) {
                return c;
            }
        }
        return -1;
    }

    /** Registers a counted lease and starts its call time at {@code now}; {@code hint} is where to look first. */
    void begin(PoolLease lease, int hint, long now) {
        int n = slots.length();
        for (int i = hint % n; ; i = i + 1 == n ? 0 : i + 1) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, RESERVED)) {
                lease.slot = i; // published by the set below
                break;
            }
        }
        // The start is written before the lease shows in its slot: an abort that ended it earlier would put its end
        // before its start, and a retired instance folded in that window would keep the unmatched end for good.
        // A death that walks the slots meanwhile skips the reservation; the caller then sees the instance closed and
        // ends the lease itself.
        time.getAndAdd(lease.slot, 1 - 2 * now);
        lastUsed = now;
        slots.set(lease.slot, lease);
    }

    /**
     * Ends the call time of a lease at {@code now}, frees its slot and lowers the count; called once per lease, by
     * whoever won its end (release, failure, abort or an undone acquire). The order matters: the slot is free before
     * the count drops (so a counted lease always finds one), and the time and last use are written before it (so a
     * count seen at 0 means both are final).
     */
    void end(PoolLease lease, long now) {
        int slot = lease.slot;
        time.getAndAdd(slot, 2 * now - 1);
        lastUsed = now;
        slots.lazySet(slot, null); // the decrement below publishes it
        count.decrementAndGet();
    }

    // ---- opening and closing: under the pool's lock

    /** The instance serves from now on. Under lock. */
    void open(long now) {
        lastUsed = now;
        for (int c = count.get(); !count.compareAndSet(c, c & ~CLOSED); c = count.get()) {
            // retry: a call may end meanwhile
        }
    }

    /**
     * Closes an idle instance: true when nothing is in flight and no call started or ended after {@code since} (it
     * stays closed), false when one did (it stays as it was). True for one closed already with nothing in flight.
     * Under lock.
     */
    boolean closeIfUnusedSince(long since) {
        if (count.get() == CLOSED) {
            return true;
        }
        if (!count.compareAndSet(0, CLOSED)) {
            return false;
        }
        if (lastUsed - since > 0) { // a call came and went between the caller's look and the close
            count.set(0);
            return false;
        }
        return true;
    }

    /** No new call from now on, whatever is in flight (the caller then aborts the leases or lets them end). */
    void close() {
        for (int c = count.get(); (c & CLOSED) == 0 && !count.compareAndSet(c, c | CLOSED); c = count.get()) {
            // retry
        }
    }

    /** Every lease in a slot now. Only after {@link #close}: no new lease can then register unseen. Under lock. */
    void forEachLease(Consumer<PoolLease> action) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) instanceof PoolLease lease) {
                action.accept(lease);
            }
        }
    }

    // ---- call time, read by BusyTime

    /** Adds this instance's slot words to {@code sample}. */
    void sampleTime(BusyTime.Sample sample) {
        for (int i = 0; i < time.length(); i++) {
            long word = time.get(i);
            sample.half += word >> 1;
            sample.open += word & 1;
        }
    }

    /** Closed with nothing in flight: its call time is final (every end wrote its time before its decrement). */
    boolean quiescent() {
        return count.get() == CLOSED;
    }
}
