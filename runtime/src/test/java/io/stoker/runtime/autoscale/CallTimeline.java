package io.stoker.runtime.autoscale;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls on virtual time, in nanoseconds, with the two readings a pool offers of them: the busy time up to a moment
 * (what {@code FunctionPool.busyNanos()} returns) and the calls in flight at that moment (the old sampled input).
 */
final class CallTimeline {

    private record Call(long start, long end) {}

    private final List<Call> calls = new ArrayList<>();

    void call(long startNanos, long durationNanos) {
        calls.add(new Call(startNanos, startNanos + durationNanos));
    }

    int size() {
        return calls.size();
    }

    /** Call-time summed over all calls up to {@code at}; calls still in flight count up to {@code at}. */
    long busyNanos(long at) {
        long busy = 0;
        for (Call c : calls) {
            busy += Math.max(0, Math.min(c.end, at) - c.start);
        }
        return busy;
    }

    int inFlight(long at) {
        int n = 0;
        for (Call c : calls) {
            if (c.start <= at && at < c.end) {
                n++;
            }
        }
        return n;
    }
}
