package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Kafka triggers on a real broker and real containers: every record an invocation, in order per key. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@WithTestResource(KafkaBrokerResource.class)
class KafkaTriggerTest {

    private static volatile String image;

    @Test
    void tenThousandRecordsEachGetOneReplyInOrderPerKey() throws Exception {
        String topic = "orders-" + suffix();
        String replies = topic + ".replies";
        KafkaClients.createTopics(4, topic, replies);
        deploy("kafka-orders", trigger(topic).put("replyTopic", replies).put("concurrency", 32));

        int records = 10_000;
        int keys = 100;
        try (KafkaProducer<String, String> producer = KafkaClients.producer()) {
            List<ProducerRecord<String, String>> out = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                String key = "k-" + (i % keys);
                out.add(new ProducerRecord<>(topic, key, key + ":" + (i / keys)));
            }
            FaultKafka.sendAll(producer, out);
        }
        List<ConsumerRecord<String, String>> read = KafkaClients.readUntil(replies, Duration.ofMinutes(4),
                got -> distinctValues(got).size() >= records);
        Set<String> distinct = distinctValues(read);
        System.out.printf("kafka trigger: %d records, %d replies, %d distinct, %d duplicates%n",
                records, read.size(), distinct.size(), read.size() - distinct.size());
        Map<String, List<String>> sources = new HashMap<>();
        for (ConsumerRecord<String, String> r : read) {
            sources.computeIfAbsent(TestApi.readJson(r.value()).path("value").asText(), v -> new ArrayList<>())
                    .add(header(r, "stoker-source-partition") + "@" + header(r, "stoker-source-offset")
                            + " id=" + TestApi.readJson(r.value()).path("id").asText());
        }
        sources.forEach((v, s) -> {
            if (s.size() > 1) {
                System.out.printf("duplicate reply %s from %s%n", v, s);
            }
        });
        Set<String> missing = new java.util.TreeSet<>();
        for (int i = 0; i < records; i++) {
            String v = "k-" + (i % keys) + ":" + (i / keys);
            if (!distinct.contains(v)) {
                missing.add(v);
            }
        }
        assertThat(missing).as("records without a reply").isEmpty();
        assertThat(distinct).hasSize(records);
        // Order per key: the first reply of each sequence number comes in increasing order.
        Map<String, Integer> last = new HashMap<>();
        for (ConsumerRecord<String, String> r : read) {
            String value = TestApi.readJson(r.value()).path("value").asText();
            assertThat(value).as("reply at %s-%d@%d for source offset %s: '%s'", r.topic(), r.partition(), r.offset(),
                    header(r, "stoker-source-offset"), r.value()).contains(":");
            assertThat(r.key()).isEqualTo(value.substring(0, value.indexOf(':')));
            int seq = Integer.parseInt(value.substring(value.indexOf(':') + 1));
            int previous = last.getOrDefault(r.key(), -1);
            assertThat(seq).as("key %s: %s after %d", r.key(), value, previous).isGreaterThanOrEqualTo(previous);
            last.put(r.key(), Math.max(previous, seq));
        }
        JsonNode fn = TestApi.describe("kafka-orders");
        assertThat(fn.path("triggers").get(0).path("topics").toString()).contains(topic);
        assertThat(fn.path("triggers").get(0).path("succeeded").asLong()).isGreaterThanOrEqualTo(records);
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("stoker_trigger_records_total{function=\"kafka-orders\",group=\"stoker-kafka-orders\",result=\"succeeded\",topics=\"" + topic + "\"}")
                .contains("stoker_trigger_inflight{function=\"kafka-orders\",group=\"stoker-kafka-orders\",topics=\"" + topic + "\"}")
                .contains("stoker_trigger_lag{function=\"kafka-orders\",group=\"stoker-kafka-orders\",partition=\"0\",topic=\"" + topic + "\"}")
                .contains("stoker_invocations_total{function=\"kafka-orders\",outcome=\"success\",trigger=\"kafka\"}");
        TestApi.api().delete("/v1/functions/kafka-orders").then().statusCode(200);
    }

    @Test
    void failingRecordsAreRetriedThenDeadLetteredWithTheirOriginalValueAndHeaders() throws Exception {
        String topic = "mixed-" + suffix();
        String replies = topic + ".replies";
        KafkaClients.createTopics(2, topic, replies, topic + ".dlt");
        ObjectNode trigger = trigger(topic).put("replyTopic", replies);
        trigger.putObject("retry").put("attempts", 3).put("backoff", "20ms").put("maxBackoff", "100ms");
        deploy("kafka-mixed", trigger);

        try (KafkaProducer<String, String> producer = KafkaClients.producer()) {
            List<ProducerRecord<String, String>> out = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = (i % 4 == 0 ? "bad-" : "good-") + (i % 20);
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, "v" + i);
                record.headers().add("x-origin", ("test-" + i).getBytes(StandardCharsets.UTF_8));
                record.headers().add("content-type", "text/plain".getBytes(StandardCharsets.UTF_8));
                out.add(record);
            }
            FaultKafka.sendAll(producer, out);
        }
        List<ConsumerRecord<String, String>> dead = KafkaClients.readUntil(topic + ".dlt", Duration.ofMinutes(2),
                got -> distinctValues(got, r -> r.value()).size() >= 50);
        List<ConsumerRecord<String, String>> good = KafkaClients.readUntil(replies, Duration.ofMinutes(2),
                got -> distinctValues(got).size() >= 150);
        assertThat(distinctValues(dead, ConsumerRecord::value)).hasSize(50);
        for (ConsumerRecord<String, String> r : dead) {
            int i = Integer.parseInt(r.value().substring(1));
            assertThat(r.key()).startsWith("bad-");
            assertThat(header(r, "x-origin")).isEqualTo("test-" + i);
            assertThat(header(r, "stoker-attempts")).isEqualTo("3");
            assertThat(header(r, "stoker-status")).isEqualTo("500");
            assertThat(header(r, "stoker-source-topic")).isEqualTo(topic);
            assertThat(header(r, "stoker-source-offset")).isNotBlank();
            assertThat(header(r, "stoker-error")).isNotBlank();
        }
        assertThat(distinctValues(good)).hasSize(150);
        JsonNode first = TestApi.readJson(good.get(0).value());
        assertThat(first.path("id").asText()).startsWith(topic + "-");
        assertThat(first.path("contentType").asText()).isEqualTo("text/plain");
        JsonNode status = TestApi.describe("kafka-mixed").path("triggers").get(0);
        assertThat(status.path("lastError").asText()).contains("HTTP 500").contains("refusing bad-");
        assertThat(java.time.Instant.parse(status.path("lastErrorAt").asText())).as("an ISO-8601 time, recent")
                .isAfter(java.time.Instant.now().minus(Duration.ofMinutes(5)));
        TestApi.api().delete("/v1/functions/kafka-mixed").then().statusCode(200);
    }

    @Test
    void anUpdateKeepsAnUnchangedTriggerAndReplacesAChangedOneWhereTheOldLeftOff() throws Exception {
        String topic = "update-" + suffix();
        KafkaClients.createTopics(1, topic);
        deploy("kafka-update", trigger(topic));
        produce(topic, "first-", 5);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> firstTrigger("kafka-update").path("succeeded").asLong() == 5);

        // Another scale setting, the same trigger: the runner stays (its counters go on).
        ObjectNode spec = spec("kafka-update");
        spec.putObject("scale").put("min", 1).put("max", 3);
        spec.putObject("triggers").putArray("kafka").add(trigger(topic));
        TestFunctions.put(spec).then().statusCode(200);
        assertThat(firstTrigger("kafka-update").path("received").asLong()).as("the same runner").isEqualTo(5);

        // A changed trigger: a new runner, which starts where the old one committed.
        spec.putObject("triggers").putArray("kafka").add(trigger(topic).put("concurrency", 4));
        TestFunctions.put(spec).then().statusCode(200);
        assertThat(firstTrigger("kafka-update").path("received").asLong()).as("a new runner").isZero();
        produce(topic, "second-", 3);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> firstTrigger("kafka-update").path("succeeded").asLong() == 3);
        Thread.sleep(1_000); // a record read again would show up by now
        assertThat(firstTrigger("kafka-update").path("received").asLong())
                .as("the first five were committed by the old runner and not read again").isEqualTo(3);
        TestApi.api().delete("/v1/functions/kafka-update").then().statusCode(200);
    }

    @Test
    void aBacklogOnTheTopicStartsMoreInstances() throws Exception {
        String topic = "backlog-" + suffix();
        KafkaClients.createTopics(4, topic);
        int records = 3_000;
        produce(topic, "b-", records); // waiting before the trigger exists: only the lag says there is work
        ObjectNode spec = spec("kafka-backlog");
        spec.putObject("scale").put("min", 1).put("max", 3);
        spec.putObject("triggers").putArray("kafka").add(trigger(topic).put("ordering", "none").put("concurrency", 4));
        TestFunctions.put(spec).then().statusCode(201);
        int[] most = {0, 0}; // desired, instances
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode fn = TestApi.describe("kafka-backlog");
            most[0] = Math.max(most[0], fn.path("desired").asInt());
            most[1] = Math.max(most[1], fn.path("instances").size());
            return most[1] >= 2 || firstTrigger("kafka-backlog").path("succeeded").asLong() == records;
        });
        System.out.printf("kafka backlog: autoscaler wanted up to %d instances, %d ran%n", most[0], most[1]);
        assertThat(most[0]).as("instances the autoscaler wanted for the lag").isGreaterThanOrEqualTo(2);
        assertThat(most[1]).as("instances started for the lag").isGreaterThanOrEqualTo(2);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> firstTrigger("kafka-backlog").path("succeeded").asLong() == records);
        TestApi.api().delete("/v1/functions/kafka-backlog").then().statusCode(200);
    }

    private static JsonNode firstTrigger(String function) {
        return TestApi.describe(function).path("triggers").get(0);
    }

    private static void produce(String topic, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer()) {
            List<ProducerRecord<String, String>> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(new ProducerRecord<>(topic, "k" + i, prefix + i));
            }
            FaultKafka.sendAll(producer, out);
        }
    }

    @Test
    void eachTriggerStateChangeIsPublishedOnTheStatusTopic() {
        String topic = "status-" + suffix();
        deploy("kafka-status", trigger(topic));
        List<ConsumerRecord<String, String>> events = KafkaClients.readUntil("stoker.trigger-status",
                Duration.ofSeconds(60), got -> statesOf(got, "kafka-status").contains("RUNNING"));
        assertThat(statesOf(events, "kafka-status")).as("states published for kafka-status").contains("RUNNING");
        ConsumerRecord<String, String> running = events.stream()
                .filter(r -> r.value().contains("\"kafka-status\"")).findFirst().orElseThrow();
        assertThat(running.key()).isEqualTo("kafka-status/stoker-kafka-status/" + topic);
        JsonNode first = TestApi.readJson(running.value());
        assertThat(first.path("topics").get(0).asText()).isEqualTo(topic);
        assertThat(first.path("group").asText()).isEqualTo("stoker-kafka-status");
        assertThat(first.path("at").asText()).as("an ISO-8601 time").contains("T");

        TestApi.api().delete("/v1/functions/kafka-status").then().statusCode(200);
        events = KafkaClients.readUntil("stoker.trigger-status", Duration.ofSeconds(60),
                got -> statesOf(got, "kafka-status").contains("STOPPED"));
        List<String> states = statesOf(events, "kafka-status");
        assertThat(states).as("states published for kafka-status").contains("STOPPED");
        assertThat(states.get(states.size() - 1)).isEqualTo("STOPPED");
    }

    private static List<String> statesOf(List<ConsumerRecord<String, String>> events, String function) {
        List<String> states = new ArrayList<>();
        for (ConsumerRecord<String, String> r : new ArrayList<>(events)) {
            JsonNode e = TestApi.readJson(r.value());
            if (e.path("function").asText().equals(function)) {
                states.add(e.path("state").asText());
            }
        }
        return states;
    }

    @Test
    void badTriggerDefinitionsAreRefusedAtDeployNamingTheKey() {
        ObjectNode spec = spec("kafka-bad");
        spec.putObject("triggers").putArray("kafka").addObject().put("ordering", "random").putArray("topics").add("t");
        var r = TestFunctions.put(spec);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("key")).isEqualTo("triggers.kafka[0].ordering");
        spec.putObject("triggers").putArray("kafka").addObject().put("concurrency", -1).putArray("topics").add("t");
        assertThat(TestFunctions.put(spec).jsonPath().getString("key")).isEqualTo("triggers.kafka[0].concurrency");
        spec.putObject("triggers").putArray("kafka").addObject().put("path", "/");
        assertThat(TestFunctions.put(spec).jsonPath().getString("key")).isEqualTo("triggers.kafka[0].topics");
        spec.putObject("triggers").putArray("kafka").add(trigger("t").put("replyTopic", "t"));
        assertThat(TestFunctions.put(spec).jsonPath().getString("key")).isEqualTo("triggers.kafka[0].replyTopic");
        spec.putObject("triggers").putArray("kafka").add(trigger("t")).add(trigger("t"));
        assertThat(TestFunctions.put(spec).jsonPath().getString("key")).isEqualTo("triggers.kafka[1].topics");
        TestApi.api().get("/v1/functions/kafka-bad").then().statusCode(404);
    }

    static ObjectNode trigger(String topic) {
        ObjectNode t = TestApi.JSON.createObjectNode();
        t.putArray("topics").add(topic);
        t.put("from", "earliest");
        return t;
    }

    static void deploy(String name, ObjectNode trigger) {
        ObjectNode spec = spec(name);
        ArrayNode kafka = spec.putObject("triggers").putArray("kafka");
        kafka.add(trigger);
        TestFunctions.put(spec).then().statusCode(201);
    }

    static synchronized ObjectNode spec(String name) {
        if (image == null) {
            image = TestApi.deployReady("kafka-flaky", TestApi.repo().resolve("gateway/src/test/resources/functions/kafka-flaky"))
                    .path("image").asText();
        }
        ObjectNode spec = TestApi.JSON.createObjectNode();
        spec.put("name", name);
        spec.put("image", image);
        spec.putObject("limits").put("concurrency", 64);
        spec.putObject("scale").put("min", 1).put("max", 2);
        return spec;
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static Set<String> distinctValues(List<ConsumerRecord<String, String>> replies) {
        return distinctValues(replies, r -> TestApi.readJson(r.value()).path("value").asText());
    }

    static Set<String> distinctValues(List<ConsumerRecord<String, String>> records,
                                      java.util.function.Function<ConsumerRecord<String, String>, String> value) {
        Set<String> out = new HashSet<>();
        for (ConsumerRecord<String, String> r : new ArrayList<>(records)) {
            out.add(value.apply(r));
        }
        return out;
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
