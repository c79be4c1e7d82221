package io.stoker.runtime.autoscale;

/**
 * What the pool saw over one tick.
 *
 * <p>Concurrency is time-weighted, as Knative's queue-proxy reports it: the call-time served during the tick
 * divided by the tick's length, so 2,000 calls of 1 ms each in a second count as 2 even though a sample taken at
 * any one moment may see none in flight. There is no separate in-flight-now figure for panic detection: Knative's
 * KPA feeds the same time-weighted value to both windows, and a burst big enough to matter shows in the tick's
 * average within a second. A burst beyond the instances' room queues, and the pool launches for queued calls
 * itself, without waiting for a tick.
 *
 * @param readyInstances instances able to serve now (ready or busy; not starting, paused or stopping)
 * @param concurrency average calls in flight over the tick (finite, >= 0); see {@link ConcurrencyMeter}
 * @param queued calls waiting for an instance at the end of the tick (a sample: a call queues only while no
 *     instance has room, and a queue wakes the pool at once)
 * @param kafkaLag records not yet consumed on the function's triggers (0 when it has none)
 */
public record Observation(int readyInstances, double concurrency, int queued, long kafkaLag) {

    public Observation {
        requireNonNegative("readyInstances", readyInstances);
        if (!(concurrency >= 0) || !Double.isFinite(concurrency)) {
            throw new IllegalArgumentException("concurrency must be a finite number >= 0, was " + concurrency);
        }
        requireNonNegative("queued", queued);
        requireNonNegative("kafkaLag", kafkaLag);
    }

    /** An observation without a Kafka trigger. */
    public static Observation of(int readyInstances, double concurrency, int queued) {
        return new Observation(readyInstances, concurrency, queued, 0);
    }

    /** Same observation with a Kafka consumer lag. */
    public Observation withKafkaLag(long lag) {
        return new Observation(readyInstances, concurrency, queued, lag);
    }

    private static void requireNonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value);
        }
    }
}
