package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway stopped (SIGTERM) in the middle of a Kafka stream and a new one started on the same home:
 * every record gets its reply, duplicates only from calls in flight at the stop.
 */
class KafkaGatewayRestartIT {

    static final int GATEWAY_PORT = 18093;
    static final int BROKER_PORT = 19192;
    static final String NETWORK = "stoker-kafka-restart-test";
    static final int RECORDS = 3_000;
    static final int KEYS = 50;
    static final int PARTITIONS = 4;
    static final int CONCURRENCY = 16;
    static final Duration LIMIT = Duration.ofMinutes(3);

    @Test
    void aGatewayStoppedMidStreamLeavesNothingUnrepliedForTheNextOne() throws Exception {
        Path home = GatewayProcess.newHome("kafka-restart");
        String topic = "restart-" + KafkaTriggerTest.suffix();
        String replies = topic + ".replies";
        String dlt = topic + ".dlt";
        try (ScriptBroker broker = ScriptBroker.start(Files.createTempDirectory("stoker-kafka-restart-broker"), BROKER_PORT)) {
            String bootstrap = broker.bootstrap();
            FaultKafka.createTopics(bootstrap, PARTITIONS, topic, replies, dlt);
            try (TopicTail replied = new TopicTail(bootstrap, replies); TopicTail dead = new TopicTail(bootstrap, dlt)) {
                PacedProducer producer;
                int atStop;
                try (GatewayProcess first = GatewayProcess.start(home, GATEWAY_PORT, env(bootstrap))) {
                    deploy(first, "kafka-restart", topic, replies, CONCURRENCY);
                    producer = new PacedProducer(bootstrap, topic, RECORDS, KEYS, 300);
                    assertThat(replied.await(LIMIT, got -> got.size() >= RECORDS / 3))
                            .as("a third of the replies before the stop").isTrue();
                    System.out.println("kafka gateway restart: trigger before the stop "
                            + TestApi.readJson(first.get("/v1/functions/kafka-restart").body()).path("triggers"));
                    int exit = first.terminate();
                    atStop = replied.records().size();
                    System.out.printf("kafka gateway restart: stopped (exit %d) after %d replies%n", exit, atStop);
                }
                Set<String> produced = producer.awaitAcknowledged(LIMIT);
                // The count once the reader caught up with what the stopped gateway wrote, for the report.
                Thread.sleep(2_000);
                int whileDown = replied.records().size();
                try (GatewayProcess second = GatewayProcess.start(home, GATEWAY_PORT, env(bootstrap))) {
                    replied.await(LIMIT, got -> FaultLedger.complete(produced, got, dead.records()));
                    Thread.sleep(1_000); // late duplicates, if any, are counted too
                    JsonNode fn = TestApi.readJson(second.get("/v1/functions/kafka-restart").body());
                    System.out.println("kafka gateway restart: trigger " + fn.path("triggers"));
                    FaultLedger ledger = new FaultLedger(produced, replied.records(), dead.records());
                    System.out.printf("kafka gateway restart: %d replies at the stop, %d once it had exited%n",
                            atStop, whileDown);
                    ledger.assertNothingMissingAndOrderedPerKey("gateway restart");
                    assertThat(ledger.deadLettered).isZero();
                    // A graceful stop finishes the calls in flight, still runs the waiting records below the highest
                    // finished one, and commits; what it could not finish in its bounded drain is read and called
                    // again. Those are few: well under the records allowed in flight.
                    assertThat(ledger.duplicates).as(ledger.line("gateway restart"))
                            .isLessThanOrEqualTo(PARTITIONS * CONCURRENCY);
                    second.send(HttpRequest.newBuilder(second.uri("/v1/functions/kafka-restart")).DELETE());
                }
            }
        } finally {
            Docker.removeContainersOn(NETWORK);
        }
    }

    /** Uploads the kafka-flaky function as {@code name} with a trigger added to its stoker.yaml, as `stoker deploy` would. */
    static void deploy(GatewayProcess gateway, String name, String topic, String replies, int concurrency)
            throws Exception {
        Path folder = Files.createTempDirectory("fn-" + name);
        Path src = TestApi.repo().resolve("gateway/src/test/resources/functions/kafka-flaky");
        Files.copy(src.resolve("handler.py"), folder.resolve("handler.py"));
        String yaml = Files.readString(src.resolve("stoker.yaml")).replaceFirst("(?m)^name:.*$", "name: " + name)
                + "triggers:\n"
                + "  kafka:\n"
                + "    - topics: [" + topic + "]\n"
                + "      from: earliest\n"
                + "      replyTopic: " + replies + "\n"
                + "      concurrency: " + concurrency + "\n"
                + "      retry: {attempts: 20, backoff: 200ms, maxBackoff: 2s}\n";
        Files.writeString(folder.resolve("stoker.yaml"), yaml);
        HttpResponse<String> r = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/functions/" + name + "/source"))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestApi.tarGz(folder))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String[] lines = r.body().trim().split("\n");
        assertThat(TestApi.readJson(lines[lines.length - 1]).path("event").asText()).as(r.body()).isEqualTo("ready");
    }

    private static java.util.Map<String, String> env(String bootstrap) {
        return java.util.Map.of("STOKER_ENGINE_NETWORK", NETWORK, "STOKER_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    }
}
