package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The consumer and producer configurations of a trigger: the caller's client settings plus what the trigger needs. */
final class TriggerClients {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TriggerClients() {}

    /** Group, start position and manual commits are the trigger's; the caller's settings cannot change them. */
    static Map<String, Object> consumer(String function, KafkaTrigger trigger, Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId(function, "consumer"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, trigger.groupFor(function));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, trigger.from().name().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // producer-only settings the caller passed would only produce warnings
        config.keySet().retainAll(ConsumerConfig.configNames());
        return config;
    }

    /**
     * Acks from all in-sync replicas: a record counts as dead-lettered or replied only once it is safe. One request
     * in flight per broker: reply and dead-letter topics are often created by their first write, and with two
     * requests in flight a broker before Kafka 4.5 can take the second while the first, refused as not yet led,
     * then fails on every retry until the delivery timeout (KAFKA-15591). The record is written again after that, so
     * nothing is lost, but it would arrive two minutes late and out of order.
     */
    static Map<String, Object> producer(String function, Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId(function, "producer"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() must not hold the poll thread for a minute when a topic's metadata is missing
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // consumer-only settings the caller passed would only produce warnings
        config.keySet().retainAll(ProducerConfig.configNames());
        return config;
    }

    private static String clientId(String function, String role) {
        return "stoker-trigger-" + function + "-" + role + "-" + SEQUENCE.incrementAndGet();
    }
}
