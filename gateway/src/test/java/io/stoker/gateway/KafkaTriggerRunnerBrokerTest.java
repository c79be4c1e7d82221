package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoker.runtime.spec.KafkaTrigger;
import io.stoker.runtime.trigger.InvokeResult;
import io.stoker.runtime.trigger.KafkaTriggerRunner;
import io.stoker.runtime.trigger.RecordInvoker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner alone (no gateway, no containers) against a real broker of its own, started by deploy/kafka/kafka.sh
 * on free ports. 2,000 records over
 * 4 partitions and 50 keys; some keys fail until their 3rd attempt; every record is called, in order per key, and
 * the group's committed offsets reach the end offsets. Then a throughput run with an instant function.
 */
class KafkaTriggerRunnerBrokerTest {

    private static final int RECORDS = 2_000;
    private static final int KEYS = 50;
    private static final int PARTITIONS = 4;

    private String bootstrap;
    private Admin admin;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    private static ScriptBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ScriptBroker.start(java.nio.file.Files.createTempDirectory("stoker-runner-broker"),
                KafkaBrokerResource.freePort(), KafkaBrokerResource.freePort());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void connect() {
        bootstrap = broker.bootstrap();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void everyRecordIsCalledInOrderPerKeyAndCommittedToTheEnd() throws Exception {
        String topic = newTopic();
        produce(topic, RECORDS);
        Map<String, List<Integer>> callsPerKey = new ConcurrentHashMap<>();
        Map<String, Integer> attemptsPerRecord = new ConcurrentHashMap<>();
        RecordInvoker invoker = (function, path, headers, body, timeout) -> {
            String[] kv = new String(body, StandardCharsets.UTF_8).split(":");
            callsPerKey.computeIfAbsent(kv[0], k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Integer.parseInt(kv[1]));
            int attempt = attemptsPerRecord.merge(headers.get("ce-id"), 1, Integer::sum);
            boolean failing = Integer.parseInt(kv[0].substring(1)) % 10 == 0 && attempt < 3; // k0, k10, ... fail twice
            CompletableFuture<InvokeResult> answer = new CompletableFuture<>();
            scheduler.schedule(() -> answer.complete(new InvokeResult(failing ? 500 : 200, Map.of(), new byte[0], true)),
                    ThreadLocalRandom.current().nextInt(0, 3_000), TimeUnit.MICROSECONDS);
            return answer;
        };
        KafkaTrigger trigger = trigger(topic, new KafkaTrigger.Retry(5, Duration.ofMillis(10), Duration.ofMillis(50)));
        try (KafkaTriggerRunner runner = runner(trigger, invoker)) {
            runner.start();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(runner::status, s -> s.succeeded() == RECORDS);
            assertThat(runner.status().deadLettered()).isZero();
            assertThat(runner.status().retried()).isEqualTo(2L * (RECORDS / KEYS) * (KEYS / 10));
        }
        assertThat(callsPerKey).hasSize(KEYS);
        callsPerKey.forEach((key, calls) -> {
            // in order per key: a record is called (maybe again) only after every earlier one of its key
            for (int i = 1; i < calls.size(); i++) {
                assertThat(calls.get(i)).as("calls of %s: %s", key, calls).isGreaterThanOrEqualTo(calls.get(i - 1));
            }
            assertThat(calls.stream().distinct().count()).as("every record of %s called", key).isEqualTo(RECORDS / KEYS);
        });
        assertThat(committed(topic)).isEqualTo(endOffsets(topic));
    }

    @Test
    void throughputWithAnInstantFunction() throws Exception {
        int records = 20_000;
        String topic = newTopic();
        produce(topic, records);
        InvokeResult ok = new InvokeResult(200, Map.of(), new byte[0], true);
        RecordInvoker instant = (function, path, headers, body, timeout) -> CompletableFuture.completedFuture(ok);
        KafkaTrigger trigger = trigger(topic, new KafkaTrigger.Retry(1, Duration.ofMillis(10), Duration.ofMillis(10)));
        try (KafkaTriggerRunner runner = runner(trigger, instant)) {
            runner.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> runner.status().received() > 0);
            long start = System.nanoTime();
            // on a timeout, Awaitility prints the last status: received, lag, in flight, last error
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(runner::status, s -> s.succeeded() == records);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("Kafka trigger throughput: %d records in %.2f s = %.0f records/s (instant function)%n",
                    records, seconds, records / seconds);
        }
        assertThat(committed(topic)).isEqualTo(endOffsets(topic));
    }

    private KafkaTriggerRunner runner(KafkaTrigger trigger, RecordInvoker invoker) {
        return new KafkaTriggerRunner("it", trigger, Map.of("bootstrap.servers", bootstrap), invoker, Clock.systemUTC(),
                scheduler, new Random());
    }

    private static KafkaTrigger trigger(String topic, KafkaTrigger.Retry retry) {
        return new KafkaTrigger(List.of(topic), "/", "stoker-it-" + topic, KafkaTrigger.Ordering.KEY, 16, retry,
                true, "", "", KafkaTrigger.From.EARLIEST);
    }

    private String newTopic() throws Exception {
        String topic = "stoker-it-" + UUID.randomUUID().toString().substring(0, 8);
        FaultKafka.createTopics(bootstrap, PARTITIONS, topic);
        return topic;
    }

    /** Values are "k<key>:<n>", n counting up per key, so order per key can be checked. */
    private void produce(String topic, int records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            int[] next = new int[KEYS];
            List<ProducerRecord<String, String>> out = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                String key = "k" + (i % KEYS);
                out.add(new ProducerRecord<>(topic, key, key + ":" + next[i % KEYS]++));
            }
            FaultKafka.sendAll(producer, out);
        }
    }

    private Map<TopicPartition, Long> committed(String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("stoker-it-" + topic)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
