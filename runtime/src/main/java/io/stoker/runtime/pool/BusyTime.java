package io.stoker.runtime.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Call time summed over all calls of a pool, for {@link FunctionPool#busyNanos}: the reader's side of the slot words
 * kept by {@link InstanceCalls}. Calls write only their own slot word (one atomic add at the start, one at the end), so
 * the call path takes no lock and shares no counter across instances; the reader, under the pool's lock, adds the words
 * up and reads the time last.
 *
 * <p>Why the sum is right: each word is consistent on its own ({@code 2·A + open}), and reading the time {@code T}
 * after all words means every start and end a word shows happened at or before {@code T}. A call that starts or ends
 * while the reader walks the slots is seen either before or after, so the sum is the exact call time of some state
 * between the first and the last word read, extended to {@code T}: off by at most the few microseconds of the walk for
 * the calls that changed during it, and by the delay of a writer between reading the clock and its add (nanoseconds;
 * up to a time slice if its thread is descheduled right there), never by {@code T}. The high-water mark turns that
 * into a monotonic reading.
 *
 * <p>Instances that leave the pool are <em>retired</em> here: a lease that won its end just before a death may still be
 * writing its word, so a retired instance is summed like a live one until it is quiescent (closed, nothing in flight),
 * then its total is folded into one number and it is dropped. Guarded by the pool's lock.
 */
final class BusyTime {

    /** A running sum of slot words: {@code half} = Σ (word >> 1), {@code open} = slots with a lease in them. */
    static final class Sample {
        long half;
        long open;
    }

    private final List<InstanceCalls> retired = new ArrayList<>();
    private long retiredTime;
    private long highWater;

    /** An instance left the pool; its call time still counts. Under lock. */
    void retire(InstanceCalls calls) {
        retired.add(calls);
    }

    /**
     * The call time of all calls up to {@code now} (read after the words), without the high-water mark; may dip by
     * the calls that changed while it read. Under lock.
     */
    long sample(Collection<PoolInstance> live, LongSupplier now) {
        Sample sum = new Sample();
        for (PoolInstance instance : live) {
            instance.calls.sampleTime(sum);
        }
        for (Iterator<InstanceCalls> it = retired.iterator(); it.hasNext(); ) {
            InstanceCalls calls = it.next();
            if (calls.quiescent()) { // read before its words: every end is in them
                Sample done = new Sample();
                calls.sampleTime(done);
                retiredTime += done.half;
                it.remove();
            } else {
                calls.sampleTime(sum);
            }
        }
        long t = now.getAsLong();
        return retiredTime + sum.half + sum.open * t;
    }

    /** {@link #sample}, never below an earlier reading (wrapping arithmetic: compared by difference). Under lock. */
    long read(Collection<PoolInstance> live, LongSupplier now) {
        long value = sample(live, now);
        if (value - highWater > 0) {
            highWater = value;
        }
        return highWater;
    }

    /** Retired instances still summed one by one (for tests). Under lock. */
    int retiredPending() {
        return retired.size();
    }
}
