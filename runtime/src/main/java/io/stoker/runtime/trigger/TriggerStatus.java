package io.stoker.runtime.trigger;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one Kafka trigger runner.
 *
 * @param function the function it invokes
 * @param topics the topics it reads
 * @param group its consumer group
 * @param state where it is in its life
 * @param lag per assigned partition, refreshed about once a second
 * @param received records read from Kafka
 * @param succeeded records whose call answered 2xx (and whose reply, if any, was written)
 * @param retried calls made again after a failure of the call (saturation waits and platform faults not counted)
 * @param platformRetried calls made again after a platform fault (the instance was killed or lost, the engine was
 *     away, no instance could be had in time), which used none of the record's attempts
 * @param deadLettered records written to the dead-letter topic after the last attempt
 * @param dropped records given up after the last attempt with no dead-letter topic
 * @param inFlight records started and not finished (in a call, waiting for a retry, being written)
 * @param lastError the last failure seen (call, write, commit or connection), or null
 * @param lastErrorAt when it was seen, or null
 */
public record TriggerStatus(String function, List<String> topics, String group, TriggerState state,
                            List<PartitionLag> lag, long received, long succeeded, long retried, long platformRetried,
                            long deadLettered,
                            long dropped, long inFlight, String lastError,
                            Instant lastErrorAt) {

    public TriggerStatus {
        topics = List.copyOf(topics);
        lag = List.copyOf(lag);
    }

    /** Records behind over all assigned partitions. */
    public long totalLag() {
        return lag.stream().mapToLong(PartitionLag::lag).sum();
    }
}
