package io.stoker.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients for the fault tests, on any broker (the Quarkus tests' one or an IT's own). */
final class FaultKafka {

    private FaultKafka() {}

    /**
     * Creates the topics and waits until the broker leads every partition and answers a leader-only request for it.
     * createTopics answers before that, and a producer writing at once can lose records without an error it would
     * notice: its first request gets NOT_LEADER_OR_FOLLOWER, a later one is taken, and every retry of the first then
     * gets OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout (KAFKA-15591, fixed in Kafka 4.5). A leader in
     * the metadata alone is not enough: the broker publishes it before its replica manager leads the partition.
     */
    static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        create(bootstrap, partitions, false, names);
    }

    /**
     * As {@link #createTopics}, but a topic that exists already is fine (with whatever partitions it has): for a
     * test whose trigger may subscribe first, which makes the local broker create the topic with one partition.
     */
    static void ensureTopics(String bootstrap, int partitions, String... names) throws Exception {
        create(bootstrap, partitions, true, names);
    }

    private static void create(String bootstrap, int partitions, boolean existingIsFine, String... names)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            for (var created : admin.createTopics(topics).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(existingIsFine && e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            long until = System.nanoTime() + 30_000_000_000L;
            List<TopicPartition> led;
            while ((led = ledPartitions(admin, List.of(names))) == null) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("no leader for every partition of " + List.of(names) + " in 30 s");
                }
                Thread.sleep(50);
            }
            // ListOffsets is answered by the partition's leader only, as a produce request is; the admin client
            // retries NOT_LEADER_OR_FOLLOWER by itself until then
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            led.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Every partition of the topics once each has a leader in the metadata, else null. */
    private static List<TopicPartition> ledPartitions(Admin admin, List<String> names) {
        try {
            List<TopicPartition> all = new ArrayList<>();
            for (var d : admin.describeTopics(names).allTopicNames().get().values()) {
                for (var p : d.partitions()) {
                    if (p.leader() == null || p.leader().isEmpty()) {
                        return null;
                    }
                    all.add(new TopicPartition(d.name(), p.partition()));
                }
            }
            return all;
        } catch (Exception notYet) { // UnknownTopicOrPartition until the metadata arrives
            return null;
        }
    }

    /**
     * Sends the records and waits until the broker has acknowledged every one; fails naming how many it did not
     * take, so a test never waits for records that were never written.
     */
    static <K, V> void sendAll(KafkaProducer<K, V> producer, List<ProducerRecord<K, V>> records) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<K, V> r : records) {
            acks.add(producer.send(r));
        }
        producer.flush();
        int failed = 0;
        Exception first = null;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                failed++;
                first = first == null ? e : first;
            }
        }
        if (failed > 0) {
            throw new IllegalStateException("the broker did not take " + failed + " of " + records.size()
                    + " records", first);
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
