package io.stoker.runtime.trigger;

import io.stoker.runtime.testing.ManualClock;

import io.stoker.runtime.spec.KafkaTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A runner on a MockConsumer and a MockProducer, a fake invoker, a manual clock and delayer; no threads. */
final class TriggerFixture {

    static final String TOPIC = "orders";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    static final RunnerSettings SETTINGS = new RunnerSettings(Duration.ofSeconds(30), Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(10),
            Duration.ofSeconds(1));

    final TestConsumer consumer = new TestConsumer();
    final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    final FakeInvoker invoker = new FakeInvoker();
    final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final ManualDelayer delayer = new ManualDelayer(clock);
    final KafkaTriggerRunner runner;

    TriggerFixture(KafkaTrigger trigger) {
        runner = new KafkaTriggerRunner("fn", trigger, () -> consumer, () -> producer, invoker, clock, delayer,
                new Random(42), SETTINGS);
        runner.loop().connect();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
    }

    static KafkaTrigger trigger(KafkaTrigger.Ordering ordering, int concurrency, int attempts, boolean deadLetter,
                                String replyTopic) {
        return new KafkaTrigger(List.of(TOPIC), "/events", "", ordering, concurrency,
                new KafkaTrigger.Retry(attempts, Duration.ofMillis(100), Duration.ofSeconds(1)), deadLetter, "",
                replyTopic, KafkaTrigger.From.EARLIEST);
    }

    /** Adds a record with this key and value (null key allowed) and optional header pairs. */
    void add(TopicPartition tp, long offset, String key, String value, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], bytes(headers[i + 1]));
        }
        consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, 1_735_689_600_000L,
                TimestampType.CREATE_TIME, -1, -1, key == null ? null : bytes(key), bytes(value), h,
                java.util.Optional.empty()));
    }

    /** One pass of the poll loop, after the commit interval has passed. */
    void step() {
        clock.advance(SETTINGS.commitInterval());
        runner.loop().runOnce();
    }

    /** The committed offset of a partition, -1 when none. */
    long committed(TopicPartition tp) {
        OffsetAndMetadata o = consumer.commits.get(tp);
        return o == null ? -1 : o.offset();
    }

    /** A MockConsumer that stays readable after the runner closes it, so a test can read the final commits. */
    static final class TestConsumer extends MockConsumer<byte[], byte[]> {
        volatile boolean closedByRunner;
        /** Every commit, kept also for partitions no longer assigned (MockConsumer reports 0 for those). */
        final Map<TopicPartition, OffsetAndMetadata> commits = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             org.apache.kafka.clients.consumer.OffsetCommitCallback callback) {
            commits.putAll(offsets);
            super.commitAsync(offsets, callback);
        }

        TestConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void close(Duration timeout) {
            closedByRunner = true;
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
