package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway started while no broker listens at its bootstrap address: it is ready, deploys and serves
 * HTTP calls, and describes the trigger as waiting for the broker; once a broker appears at that address the
 * trigger connects by itself, with no restart, and every record gets its reply.
 */
class KafkaLaterIT {

    static final int GATEWAY_PORT = 18097;
    static final int BROKER_PORT = 19198;
    static final String NETWORK = "stoker-kafka-later-test";
    static final int RECORDS = 200;

    @Test
    void aGatewayWithoutItsBrokerServesHttpAndConnectsTheTriggerWhenTheBrokerAppears() throws Exception {
        Path home = GatewayProcess.newHome("kafka-later");
        String topic = "later-" + KafkaTriggerTest.suffix();
        String replies = topic + ".replies";
        String bootstrap = "127.0.0.1:" + BROKER_PORT;
        Map<String, String> env = Map.of("STOKER_ENGINE_NETWORK", NETWORK, "STOKER_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        try (GatewayProcess gateway = GatewayProcess.start(home, GATEWAY_PORT, env)) { // start() waits for ready
            KafkaGatewayRestartIT.deploy(gateway, "kafka-later", topic, replies, 4);
            HttpResponse<String> call = gateway.send(HttpRequest.newBuilder(gateway.uri("/function/kafka-later/"))
                    .POST(HttpRequest.BodyPublishers.ofString("over http")));
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            assertThat(TestApi.readJson(call.body()).path("value").asText()).isEqualTo("over http");
            await().atMost(Duration.ofSeconds(30)).until(() -> trigger(gateway).path("state").asText(),
                    "WAITING_FOR_BROKER"::equals);
            assertThat(gateway.get("/q/health/ready").statusCode()).as("still ready").isEqualTo(200);

            try (ScriptBroker broker = ScriptBroker.start(Files.createTempDirectory("stoker-kafka-later-broker"),
                    BROKER_PORT)) {
                // the trigger may subscribe first, and the broker then makes the topic itself
                FaultKafka.ensureTopics(bootstrap, 2, topic, replies);
                try (KafkaProducer<String, String> producer = FaultKafka.producer(bootstrap)) {
                    List<ProducerRecord<String, String>> out = new ArrayList<>();
                    for (int i = 0; i < RECORDS; i++) {
                        out.add(new ProducerRecord<>(topic, "k-" + (i % 10), "v" + i));
                    }
                    FaultKafka.sendAll(producer, out);
                }
                // the runner tries again 1 s after a failed attempt, doubling up to 10 s
                await().atMost(Duration.ofSeconds(60)).until(() -> trigger(gateway).path("state").asText(),
                        "RUNNING"::equals);
                try (TopicTail replied = new TopicTail(bootstrap, replies)) {
                    assertThat(replied.await(Duration.ofMinutes(2),
                            got -> got.stream().map(r -> TestApi.readJson(r.value()).path("value").asText())
                                    .distinct().count() == RECORDS))
                            .as("a reply for each of the %d records; trigger %s", RECORDS, trigger(gateway))
                            .isTrue();
                }
                JsonNode status = trigger(gateway);
                System.out.println("kafka later: trigger once the broker appeared " + status);
                assertThat(status.path("succeeded").asLong()).isGreaterThanOrEqualTo(RECORDS);
                assertThat(status.path("deadLettered").asLong()).isZero();
                gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/functions/kafka-later")).DELETE());
            }
        } finally {
            Docker.removeContainersOn(NETWORK);
        }
    }

    private static JsonNode trigger(GatewayProcess gateway) throws Exception {
        return TestApi.readJson(gateway.get("/v1/functions/kafka-later").body()).path("triggers").get(0);
    }
}
