package io.stoker.gateway.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoker.runtime.schedule.LastTick;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * The compacted topic {@code stoker.schedules}, keyed by function and schedule: the schedules' memory (the latest
 * value of a key is that schedule's last tick) and who fires them (a schedule is fired by the gateway whose member of
 * the consumer group holds the key's partition).
 *
 * <p>Two consumers on one thread: a reader assigned every partition, read from the start, keeps the latest tick of
 * every schedule; a group member, its partitions paused (it only holds them), learns which partitions are this
 * gateway's. A partition is handed to the {@link Ownership} only once the reader has read it to its end, so the
 * gateway that takes a schedule over knows the last tick the previous one fired.
 */
public final class ScheduleBoard implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScheduleBoard.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static final long CLAIM_TIMEOUT_MS = 5_000;

    /** Told which partitions this gateway holds; called on the board's thread. */
    public interface Ownership {
        void assigned(Set<Integer> partitions);

        /** Must return only once nothing of these partitions fires any more (the next holder then reads on). */
        void revoked(Set<Integer> partitions);
    }

    private final Map<String, Object> client;
    private final String topic;
    private final String group;
    private final int partitionsIfNew;
    private final Ownership ownership;
    private final Map<String, LastTick> latest = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile int partitions;
    private volatile KafkaProducer<byte[], byte[]> producer;

    public ScheduleBoard(Map<String, Object> client, String topic, String group, int partitionsIfNew, Ownership ownership) {
        this.client = Map.copyOf(client);
        this.topic = topic;
        this.group = group;
        this.partitionsIfNew = partitionsIfNew;
        this.ownership = ownership;
        this.thread = new Thread(this::run, "stoker-schedules");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The partition of a schedule's key; -1 until the topic is known. */
    public int partitionOf(String key) {
        int n = partitions;
        return n == 0 ? -1 : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % n;
    }

    /** The last tick of a schedule, as far as the reader has read. */
    public Optional<LastTick> last(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** Writes a schedule's last tick and waits until the broker has it (all in-sync replicas). */
    public void claim(String key, LastTick last) {
        try {
            send(key, last).get(CLAIM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the schedule topic did not take the tick: " + e, e);
        }
    }

    /** Writes a schedule's last tick without waiting. */
    public void note(String key, LastTick last) {
        try {
            send(key, last);
        } catch (RuntimeException e) {
            LOG.debugf("tick of %s not noted: %s", key, e);
        }
    }

    private java.util.concurrent.Future<?> send(String key, LastTick last) {
        KafkaProducer<byte[], byte[]> p = producer;
        int partition = partitionOf(key);
        if (p == null || partition < 0) {
            throw new IllegalStateException("the schedule topic is not reachable yet");
        }
        latest.merge(key, last, ScheduleBoard::newer);
        return p.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), encode(last)));
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration wait = Duration.ofSeconds(1);
        while (!closing) {
            try {
                session();
            } catch (RuntimeException e) {
                if (closing) {
                    break;
                }
                LOG.warnf("schedule topic %s: %s; trying again in %s", topic, e.toString(), wait);
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : wait.multipliedBy(2);
            }
        }
    }

    /** One life of the clients: made, used until closing or a failure, closed (leaving the group). */
    private void session() {
        partitions = ensureTopic();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(consumer(null));
             KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(consumer(group));
             KafkaProducer<byte[], byte[]> writer = new KafkaProducer<>(producerConfig())) {
            List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            reader.assign(all);
            reader.seekToBeginning(all);
            producer = writer;
            Holder holder = new Holder(reader, member, writer);
            member.subscribe(List.of(topic), holder);
            LOG.infof("schedule topic %s: %d partitions, group %s", topic, partitions, group);
            try {
                while (!closing) {
                    read(reader, POLL);
                    member.poll(POLL);
                }
            } finally {
                holder.releaseAll();
                producer = null;
            }
        }
    }

    /** The group member's side: pause what it is given, hand it on once read, take it back on revocation. */
    private final class Holder implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> reader;
        private final KafkaConsumer<byte[], byte[]> member;
        private final KafkaProducer<byte[], byte[]> writer;
        private final Set<Integer> held = ConcurrentHashMap.newKeySet();

        Holder(KafkaConsumer<byte[], byte[]> reader, KafkaConsumer<byte[], byte[]> member,
               KafkaProducer<byte[], byte[]> writer) {
            this.reader = reader;
            this.member = member;
            this.writer = writer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            member.pause(assigned);
            Map<TopicPartition, Long> ends = reader.endOffsets(assigned);
            long until = System.nanoTime() + CATCH_UP.toNanos();
            while (!caughtUp(ends) && System.nanoTime() < until) {
                read(reader, POLL);
            }
            Set<Integer> ps = numbers(assigned);
            held.addAll(ps);
            LOG.infof("schedule partitions %s are this gateway's", ps);
            ownership.assigned(ps);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            release(numbers(revoked));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            release(numbers(lost));
        }

        void releaseAll() {
            release(Set.copyOf(held));
        }

        private void release(Set<Integer> given) {
            // The member's own close revokes again what releaseAll already took back.
            Set<Integer> ps = given.stream().filter(held::contains).collect(Collectors.toUnmodifiableSet());
            if (ps.isEmpty()) {
                return;
            }
            ownership.revoked(ps);
            held.removeAll(ps);
            writer.flush(); // the calls' ids noted so far reach the next holder
        }

        private boolean caughtUp(Map<TopicPartition, Long> ends) {
            return ends.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
        }
    }

    private void read(KafkaConsumer<byte[], byte[]> reader, Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(timeout)) {
            if (r.key() == null) {
                continue;
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                latest.remove(key);
            } else {
                LastTick last = decode(r.value());
                if (last != null) {
                    latest.merge(key, last, ScheduleBoard::newer);
                }
            }
        }
    }

    /** The later of two ticks: a gateway's own write must not be undone by reading an older one back. */
    private static LastTick newer(LastTick a, LastTick b) {
        if (b.scheduled().isAfter(a.scheduled())) {
            return b;
        }
        if (b.scheduled().equals(a.scheduled()) && b.callId() != null) {
            return b;
        }
        return a;
    }

    private int ensureTopic() {
        try (Admin admin = Admin.create(adminConfig())) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitionsIfNew), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get(10, TimeUnit.SECONDS);
                LOG.infof("created the schedule topic %s (%d partitions, compacted)", topic, partitionsIfNew);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("schedule topic " + topic + " not reachable: " + e, e);
        }
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(client);
        config.putIfAbsent("request.timeout.ms", 10_000);
        config.putIfAbsent("default.api.timeout.ms", 10_000);
        return config;
    }

    private Map<String, Object> consumer(String groupId) {
        Map<String, Object> config = new HashMap<>(client);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            // A gateway that dies frees its schedules after this long, not Kafka's default 45 s.
            config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.keySet().retainAll(ConsumerConfig.configNames());
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.keySet().retainAll(ProducerConfig.configNames());
        return config;
    }

    private static byte[] encode(LastTick last) {
        var node = JSON.createObjectNode().put("scheduled", last.scheduled().toString());
        if (last.callId() != null) {
            node.put("callId", last.callId());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static LastTick decode(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            String callId = node.hasNonNull("callId") ? node.get("callId").asText() : null;
            return new LastTick(Instant.parse(node.path("scheduled").asText()), callId);
        } catch (Exception e) {
            LOG.debugf("unreadable value on the schedule topic: %s", e.toString());
            return null;
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> tps) {
        return tps.stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
