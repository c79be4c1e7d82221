package io.stoker.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its start on a thread of its own for as long as a fault test runs, so the test can wait on
 * progress ("a third replied") and on the end; it keeps reading through a broker restart. No consumer group: its
 * position lives in memory only, so a broker restart cannot send it back to an older commit and fake duplicates.
 */
final class TopicTail implements AutoCloseable {

    private final List<ConsumerRecord<String, String>> read = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;

    TopicTail(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        thread = new Thread(() -> run(p, topic), "tail-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Properties p, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closed) {
                try {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        synchronized (read) {
                            read.add(r);
                        }
                    }
                } catch (org.apache.kafka.common.errors.RetriableException e) {
                    // the broker is away (a fault under test): the consumer reconnects by itself
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** What was read so far, in the order read. */
    List<ConsumerRecord<String, String>> records() {
        if (failure != null) {
            throw new IllegalStateException("reading the topic failed", failure);
        }
        synchronized (read) {
            return new ArrayList<>(read);
        }
    }

    /** Waits until {@code done} holds for what was read; false when the time ran out. */
    boolean await(Duration limit, Predicate<List<ConsumerRecord<String, String>>> done) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            if (done.test(records())) {
                return true;
            }
            Thread.sleep(100);
        }
        return done.test(records());
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(10_000);
    }
}
