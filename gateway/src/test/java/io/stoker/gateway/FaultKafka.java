package io.stoker.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients for the fault tests, on any broker (the Quarkus tests' one or an IT's own). */
final class FaultKafka {

    private FaultKafka() {}

    /**
     * Creates the topics and waits until the broker leads every partition. createTopics answers before that: a
     * producer writing at once got NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE_NUMBER on every retry.
     */
    static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            admin.createTopics(topics).all().get();
            long until = System.nanoTime() + 30_000_000_000L;
            while (!allLed(admin, List.of(names))) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("no leader for every partition of " + List.of(names) + " in 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean allLed(Admin admin, List<String> names) {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (Exception notYet) { // UnknownTopicOrPartition until the metadata arrives
            return false;
        }
    }

    /** Idempotent, acks=all: a broker restart neither loses nor doubles what it acknowledged. */
    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
