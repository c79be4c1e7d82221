package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways with the same function and trigger, so one consumer group: they share the topic's
 * partitions; when one stops mid-stream, the other takes its partitions over. Every record gets its reply.
 */
class KafkaSharedGroupIT {

    static final int[] GATEWAY_PORTS = {18094, 18095};
    static final int BROKER_PORT = 19196;
    static final String[] NETWORKS = {"stoker-kafka-shared-a", "stoker-kafka-shared-b"};
    static final String FUNCTION = "kafka-shared";
    // The same stream as the single gateway's restart test.
    static final int RECORDS = KafkaGatewayRestartIT.RECORDS;
    static final int KEYS = KafkaGatewayRestartIT.KEYS;
    static final int PARTITIONS = KafkaGatewayRestartIT.PARTITIONS;
    static final int CONCURRENCY = KafkaGatewayRestartIT.CONCURRENCY;
    static final Duration LIMIT = KafkaGatewayRestartIT.LIMIT;

    @Test
    void twoGatewaysShareThePartitionsAndOneTakesOverWhenTheOtherStops() throws Exception {
        Docker.requireImages(StokerTestResource.BASE_IMAGES);
        String topic = "shared-" + KafkaTriggerTest.suffix();
        String replies = topic + ".replies";
        String dlt = topic + ".dlt";
        try (ScriptBroker broker = ScriptBroker.start(Files.createTempDirectory("stoker-kafka-shared-broker"), BROKER_PORT)) {
            String bootstrap = broker.bootstrap();
            FaultKafka.createTopics(bootstrap, PARTITIONS, topic, replies, dlt);
            try (TopicTail replied = new TopicTail(bootstrap, replies); TopicTail dead = new TopicTail(bootstrap, dlt);
                 GatewayProcess b = start(1, bootstrap)) {
                PacedProducer producer;
                long receivedByA;
                try (GatewayProcess a = start(0, bootstrap)) {
                    KafkaGatewayRestartIT.deploy(a, FUNCTION, topic, replies, CONCURRENCY);
                    KafkaGatewayRestartIT.deploy(b, FUNCTION, topic, replies, CONCURRENCY);
                    producer = new PacedProducer(bootstrap, topic, RECORDS, KEYS, 300);

                    // Both members of the group hold partitions, none of them twice.
                    Set<Integer>[] held = awaitSplit(a, b);
                    System.out.printf("kafka shared group: gateway a holds %s, gateway b holds %s%n", held[0], held[1]);
                    assertThat(held[0]).as("partitions of gateway a").isNotEmpty().doesNotContainAnyElementsOf(held[1]);
                    assertThat(held[1]).as("partitions of gateway b").isNotEmpty();

                    assertThat(replied.await(LIMIT, got -> got.size() >= RECORDS / 3))
                            .as("a third of the replies before gateway a stops").isTrue();
                    receivedByA = trigger(a).path("received").asLong();
                    a.terminate();
                }
                Set<String> produced = producer.awaitAcknowledged(LIMIT);
                replied.await(LIMIT, got -> FaultLedger.complete(produced, got, dead.records()));
                Thread.sleep(1_000); // late duplicates, if any, are counted too
                JsonNode left = trigger(b);
                System.out.println("kafka shared group: gateway b after the stop " + left);
                FaultLedger ledger = new FaultLedger(produced, replied.records(), dead.records());
                ledger.assertNothingMissingAndOrderedPerKey("shared group");
                assertThat(ledger.deadLettered).isZero();
                assertThat(receivedByA).as("records gateway a took before it stopped").isPositive();
                assertThat(left.path("received").asLong()).as("records gateway b took").isPositive();
                // b rebalances at its next poll after a left, possibly after the last reply was written
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(partitions(trigger(b)))
                                .as("gateway b took gateway a's partitions over").hasSize(PARTITIONS));
                // a's graceful stop commits what finished; only records past its commit points come twice.
                assertThat(ledger.duplicates).as(ledger.line("shared group")).isLessThanOrEqualTo(PARTITIONS * CONCURRENCY);
                b.send(HttpRequest.newBuilder(b.uri("/v1/functions/" + FUNCTION)).DELETE());
            }
        } finally {
            for (String network : NETWORKS) {
                Docker.removeContainersOn(network);
            }
        }
    }

    private static GatewayProcess start(int which, String bootstrap) throws Exception {
        Path home = Files.createTempDirectory("stoker-kafka-shared-home-" + which);
        return GatewayProcess.start(home, GATEWAY_PORTS[which], Map.of("STOKER_ENGINE_NETWORK", NETWORKS[which],
                "STOKER_KAFKA_BOOTSTRAP_SERVERS", bootstrap));
    }

    /** Waits until each gateway reports partitions of its own and together they hold all of them. */
    @SuppressWarnings("unchecked")
    private static Set<Integer>[] awaitSplit(GatewayProcess a, GatewayProcess b) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(90));
        Set<Integer> ofA = Set.of();
        Set<Integer> ofB = Set.of();
        while (Instant.now().isBefore(until)) {
            ofA = partitions(trigger(a));
            ofB = partitions(trigger(b));
            Set<Integer> all = new HashSet<>(ofA);
            all.addAll(ofB);
            if (!ofA.isEmpty() && !ofB.isEmpty() && all.size() == PARTITIONS && ofA.size() + ofB.size() == PARTITIONS) {
                break;
            }
            Thread.sleep(250);
        }
        return new Set[] {ofA, ofB};
    }

    private static JsonNode trigger(GatewayProcess gateway) throws Exception {
        return TestApi.readJson(gateway.get("/v1/functions/" + FUNCTION).body()).path("triggers").get(0);
    }

    private static Set<Integer> partitions(JsonNode trigger) {
        Set<Integer> held = new HashSet<>();
        trigger.path("lag").forEach(p -> held.add(p.path("partition").asInt()));
        return held;
    }
}
