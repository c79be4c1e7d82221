package io.stoker.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces {@code count} records over {@code keys} keys at a steady rate on a thread of its own, so that a fault
 * strikes while records still arrive. Values are {@code k-<key>:<sequence within the key>}
 * (or another key prefix); only the values the
 * broker acknowledged count as produced.
 */
final class PacedProducer {

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile Throwable failure;

    PacedProducer(String bootstrap, String topic, int count, int keys, int perSecond) {
        this(bootstrap, topic, count, keys, perSecond, "k-");
    }

    /** As above, with keys {@code <keyPrefix><key>} (e.g. "bad-" for records the test function refuses). */
    PacedProducer(String bootstrap, String topic, int count, int keys, int perSecond, String keyPrefix) {
        thread = new Thread(() -> {
            try (KafkaProducer<String, String> producer = FaultKafka.producer(bootstrap)) {
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    String key = keyPrefix + (i % keys);
                    String value = key + ":" + (i / keys);
                    producer.send(new ProducerRecord<>(topic, key, value), (meta, error) -> {
                        if (error == null) {
                            acknowledged.add(value);
                        } else {
                            failures.add(value + ": " + error);
                        }
                    });
                    long due = start + (long) i * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.flush();
            } catch (Throwable t) {
                failure = t;
            }
        }, "paced-producer-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for the last acknowledgement; fails naming what the broker did not take. */
    Set<String> awaitAcknowledged(Duration limit) throws InterruptedException {
        thread.join(limit.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the producer did not finish within " + limit);
        }
        if (failure != null) {
            throw new AssertionError("the producer failed", failure);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " records were not acknowledged, e.g. " + failures.get(0));
        }
        return Set.copyOf(acknowledged);
    }
}
