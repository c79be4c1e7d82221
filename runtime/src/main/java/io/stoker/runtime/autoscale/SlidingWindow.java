package io.stoker.runtime.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A time-bucketed averaging window over {@link Instant}s, in the manner of Knative's {@code aggregation}
 * package: observations fall into fixed buckets ({@code granularity} wide, aligned to the epoch), each
 * bucket keeps the mean of what fell into it, and {@link #average} is the mean of the buckets inside the
 * window that end at {@code now}.
 *
 * <p>A bucket with no observation does not count as zero: the caller observes at least once per bucket,
 * and a stalled caller should not look like a sudden drop in demand. An observation older than the newest
 * bucket (a stepped-back clock) is folded into the newest bucket instead of being rejected.
 *
 * <p>Not thread-safe: one ticking loop owns it.
 */
public final class SlidingWindow {

    private final long bucketMillis;
    private final long bucketCount;
    private final Deque<Bucket> buckets = new ArrayDeque<>();

    /**
     * @param window how far back {@link #average} looks; rounded up to whole buckets
     * @param granularity width of one bucket
     */
    public SlidingWindow(Duration window, Duration granularity) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(granularity, "granularity");
        if (granularity.toMillis() <= 0) {
            throw new IllegalArgumentException("granularity must be at least 1 ms, was " + granularity);
        }
        if (window.compareTo(granularity) < 0) {
            throw new IllegalArgumentException("window (" + window + ") must be >= granularity (" + granularity + ")");
        }
        this.bucketMillis = granularity.toMillis();
        this.bucketCount = (window.toMillis() + bucketMillis - 1) / bucketMillis;
    }

    /** Adds one observation at {@code now}. */
    public void record(Instant now, double value) {
        Objects.requireNonNull(now, "now");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be a finite number, was " + value);
        }
        long index = indexOf(now);
        Bucket newest = buckets.peekLast();
        if (newest != null && newest.index >= index) {
            newest.add(value);
        } else {
            Bucket bucket = new Bucket(index);
            bucket.add(value);
            buckets.addLast(bucket);
        }
        long oldestKept = buckets.peekLast().index - bucketCount + 1;
        while (buckets.peekFirst().index < oldestKept) {
            buckets.removeFirst();
        }
    }

    /** Mean of the bucket means inside the window ending at {@code now}; 0 when the window holds nothing. */
    public double average(Instant now) {
        long oldest = indexOf(now) - bucketCount + 1;
        double sum = 0;
        int n = 0;
        for (Bucket b : buckets) {
            if (b.index >= oldest) {
                sum += b.sum / b.count;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** True when no observation falls inside the window ending at {@code now}. */
    public boolean isEmpty(Instant now) {
        Bucket newest = buckets.peekLast();
        return newest == null || newest.index < indexOf(now) - bucketCount + 1;
    }

    private long indexOf(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), bucketMillis);
    }

    private static final class Bucket {
        final long index;
        double sum;
        int count;

        Bucket(long index) {
            this.index = index;
        }

        void add(double value) {
            sum += value;
            count++;
        }
    }
}
