package io.stoker.runtime.autoscale;

/**
 * What the pool saw at one tick.
 *
 * @param readyInstances instances able to serve now (ready or busy; not starting, paused or stopping)
 * @param inFlight calls being served
 * @param queued calls waiting for an instance
 * @param kafkaLag records not yet consumed on the function's triggers (0 when it has none)
 */
public record Observation(int readyInstances, int inFlight, int queued, long kafkaLag) {

    public Observation {
        requireNonNegative("readyInstances", readyInstances);
        requireNonNegative("inFlight", inFlight);
        requireNonNegative("queued", queued);
        requireNonNegative("kafkaLag", kafkaLag);
    }

    /** An observation without a Kafka trigger. */
    public static Observation of(int readyInstances, int inFlight, int queued) {
        return new Observation(readyInstances, inFlight, queued, 0);
    }

    /** Same observation with a Kafka consumer lag. */
    public Observation withKafkaLag(long lag) {
        return new Observation(readyInstances, inFlight, queued, lag);
    }

    private static void requireNonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value);
        }
    }
}
