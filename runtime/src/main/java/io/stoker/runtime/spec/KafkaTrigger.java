package io.stoker.runtime.spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Records of Kafka topics invoke the function: each one an HTTP POST in CloudEvents binary mode.
 *
 * @param topics topics read (at least one)
 * @param path function path each record is POSTed to
 * @param group consumer group; empty means {@code stoker-<function>}
 * @param ordering key: one at a time per key; partition: one at a time per partition; none: any order
 * @param concurrency records in flight per partition
 * @param retry how failures are retried
 * @param deadLetter whether records that keep failing go to a dead-letter topic (else they are dropped)
 * @param deadLetterTopic the dead-letter topic; empty means {@code <topic>.dlt}
 * @param replyTopic where the function's answer goes (same key); empty means nowhere
 * @param from where a new group starts: latest or earliest
 * @param maxRecordAge how long after its first call a record is still called again after platform faults (a killed
 *     instance, an engine restart), which use no attempt; past it the record is dead-lettered as too old
 */
public record KafkaTrigger(List<String> topics, String path, String group, Ordering ordering, int concurrency,
                           Retry retry, boolean deadLetter, String deadLetterTopic, String replyTopic, From from,
                           Duration maxRecordAge) {

    /** The default {@link #maxRecordAge}. */
    public static final Duration DEFAULT_MAX_RECORD_AGE = Duration.ofHours(6);

    public KafkaTrigger {
        topics = List.copyOf(topics);
        Objects.requireNonNull(maxRecordAge, "maxRecordAge");
    }

    /** A trigger with the default {@link #maxRecordAge}. */
    public KafkaTrigger(List<String> topics, String path, String group, Ordering ordering, int concurrency,
                        Retry retry, boolean deadLetter, String deadLetterTopic, String replyTopic, From from) {
        this(topics, path, group, ordering, concurrency, retry, deadLetter, deadLetterTopic, replyTopic, from,
                DEFAULT_MAX_RECORD_AGE);
    }

    /** The consumer group, with its default filled in. */
    public String groupFor(String function) {
        return group.isEmpty() ? "stoker-" + function : group;
    }

    /** The dead-letter topic for records of {@code topic}; empty when dead-lettering is off. */
    public String deadLetterTopicFor(String topic) {
        if (!deadLetter) {
            return "";
        }
        return deadLetterTopic.isEmpty() ? topic + ".dlt" : deadLetterTopic;
    }

    /** Ordering guarantee of a trigger. */
    public enum Ordering { KEY, PARTITION, NONE }

    /** Where a new consumer group starts reading. */
    public enum From { LATEST, EARLIEST }

    /**
     * Retry of a failed record.
     *
     * @param attempts calls in all, the first one included
     * @param backoff wait before the second call; doubles after each failure, with jitter
     * @param maxBackoff the wait never grows past this
     */
    public record Retry(int attempts, Duration backoff, Duration maxBackoff) {}
}
