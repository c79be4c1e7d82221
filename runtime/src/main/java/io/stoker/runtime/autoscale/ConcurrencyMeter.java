package io.stoker.runtime.autoscale;

/**
 * Turns successive reads of a pool's busy time (call-time summed over all calls, in nanoseconds, monotonic) into
 * the time-weighted concurrency of each interval between reads: busy time gained / time passed. This is what
 * Knative's queue-proxy reports, and unlike a count of calls in flight sampled at each tick it sees short calls:
 * 2,000 calls of 1 ms each per second are a concurrency of 2 whether or not one is in flight at the tick.
 *
 * <p>It reads no clock: the caller passes the time of each read, on the same nanosecond time source as the busy
 * time. One meter follows one pool; a pool that is replaced (a new version) starts a new meter.
 *
 * <p>Not thread-safe: one ticking loop owns it.
 */
public final class ConcurrencyMeter {

    private boolean primed;
    private long lastBusyNanos;
    private long lastAtNanos;
    private double last;

    /**
     * The average concurrency since the previous read.
     *
     * <p>With no interval to average over yet (the first read, or a read at the same moment as the previous one),
     * the best estimate there is stands in: {@code inFlightNow} on the first read, the previous average after that.
     * A busy time that went backwards (not monotonic: not the pool this meter followed) starts over the same way.
     *
     * @param busyNanos the pool's busy time now
     * @param atNanos when it was read, on the busy time's time source
     * @param inFlightNow calls in flight at the read, used only until there is an interval
     */
    public double read(long busyNanos, long atNanos, int inFlightNow) {
        long elapsed = atNanos - lastAtNanos;
        long gained = busyNanos - lastBusyNanos;
        if (!primed || gained < 0) {
            last = Math.max(0, inFlightNow);
        } else if (elapsed > 0) {
            last = (double) gained / elapsed;
        }
        if (!primed || gained < 0 || elapsed > 0) {
            primed = true;
            lastBusyNanos = busyNanos;
            lastAtNanos = atNanos;
        }
        return last;
    }
}
