package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Kafka triggers under faults, on the real broker and real containers: the function's containers killed, the
 * broker stopped and started, each in the middle of a stream. Every produced record must end up replied (or
 * dead-lettered, which these keys never should be); duplicates may only come from records in flight at the fault.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@WithTestResource(KafkaBrokerResource.class)
class KafkaFaultTest {

    static final int RECORDS = 3_000;
    static final int KEYS = 40;
    static final int PARTITIONS = 4;
    static final int CONCURRENCY = 16;
    static final int RATE = 300;
    static final Duration LIMIT = Duration.ofMinutes(3);

    /** The trigger's status as `describe` showed it at the end of the last run. */
    private JsonNode lastTrigger;

    @Test
    void killingTheFunctionsContainersMidStreamLosesNothingAndUsesNoAttempt() throws Exception {
        String topic = "fault-kill-" + KafkaTriggerTest.suffix();
        // Two attempts, 100 ms apart: far too few to outlast a replacement if a kill used them up. Each call takes
        // 40 ms, so at 300 records/s about 12 are in flight when the kill lands (with 1 ms echoes there were often
        // none, and the kill was noticed before any call met it).
        FaultLedger ledger = runWithFault("fault-kill", topic, 2, "100ms", "1s", 40, true, fn -> {
            List<String> killed = new ArrayList<>();
            for (JsonNode instance : TestApi.describe(fn).path("instances")) {
                String id = instance.path("containerId").asText();
                if (!id.isEmpty()) {
                    Docker.run("kill", id);
                    killed.add(id.substring(0, 12));
                }
            }
            System.out.println("kafka fault [container kill]: killed " + killed);
            assertThat(killed).as("containers serving %s", fn).isNotEmpty();
        });
        ledger.assertNothingMissingAndOrderedPerKey("container kill");
        assertThat(ledger.deadLettered).as("good records dead-lettered: a kill from outside used up their attempts")
                .isZero();
        assertThat(lastTrigger.path("platformRetried").asLong())
                .as("calls retried as platform faults; the trigger at the end: %s", lastTrigger).isPositive();
        // A killed call fails (502) and is retried; no reply was written for it, so nothing doubles.
        assertThat(ledger.duplicates).as(ledger.line("container kill")).isLessThanOrEqualTo(PARTITIONS * CONCURRENCY);
    }

    @Test
    void stoppingAndRestartingTheBrokerMidStreamLosesNothing() throws Exception {
        Set<String> statesWhileAway = new java.util.LinkedHashSet<>();
        String topic = "fault-broker-" + KafkaTriggerTest.suffix();
        // Enough attempts to outlast a broker restart (about 20 s in all).
        FaultLedger ledger = runWithFault("fault-broker", topic, 20, "200ms", "2s", 0, fn -> {
            long t0 = System.nanoTime();
            KafkaBrokerResource.stopBroker();
            // What `stoker describe` says while the broker is away: at least 5 s, and up to 20 s until it says it
            // waits (a loaded machine takes longer to see every connection gone).
            long least = System.nanoTime() + 5_000_000_000L;
            long most = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < most
                    && (System.nanoTime() < least || !statesWhileAway.contains("WAITING_FOR_BROKER"))) {
                statesWhileAway.add(TestApi.describe(fn).path("triggers").get(0).path("state").asText());
                Thread.sleep(250);
            }
            KafkaBrokerResource.startBroker();
            System.out.printf("kafka fault [broker restart]: broker away for %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        });
        ledger.assertNothingMissingAndOrderedPerKey("broker restart");
        assertThat(ledger.deadLettered).isZero();
        // Replied but not yet committed when the broker went away (commits go out every 200 ms, and fail while
        // it is away) may be read and called again after a rebalance; a loose bound, the run prints the count.
        assertThat(ledger.duplicates).as(ledger.line("broker restart")).isLessThanOrEqualTo(RECORDS / 3);
        System.out.println("kafka fault [broker restart]: states while away " + statesWhileAway);
        assertThat(statesWhileAway).as("the trigger says it is waiting for the broker").contains("WAITING_FOR_BROKER");
        // It reconnected by itself and says so.
        assertThat(lastTrigger.path("state").asText()).isIn("RUNNING", "PAUSED");
    }

    /** When something is missing: was it lost before the trigger (in the topic) or by it? */
    private static void describeSource(String bootstrap, String topic, Set<String> produced, FaultLedger ledger,
                                       TopicTail replied) throws InterruptedException {
        try (TopicTail source = new TopicTail(bootstrap, topic)) {
            source.await(Duration.ofSeconds(30), got -> got.size() >= produced.size());
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records = source.records();
            java.util.Map<String, String> where = new java.util.HashMap<>();
            records.forEach(r -> where.merge(r.value(), r.partition() + "@" + r.offset(), (a, b) -> a + "," + b));
            System.out.printf("kafka fault: source topic holds %d records, %d distinct%n", records.size(), where.size());
            for (String m : ledger.missing) {
                System.out.println("kafka fault: missing " + m + " is in the source at " + where.get(m));
            }
            for (var r : replied.records()) {
                String v = FaultLedger.replyValue(r);
                if (ledger.unexpected.contains(v)) {
                    StringBuilder headers = new StringBuilder();
                    r.headers().forEach(h -> headers.append(h.key()).append('=')
                            .append(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)).append(' '));
                    System.out.println("kafka fault: unexpected reply at " + r.partition() + "@" + r.offset()
                            + ", key " + r.key() + ", value '" + r.value() + "', headers " + headers);
                }
            }
        }
    }

    /** A fault action, given the function's name. */
    interface Fault {
        void strike(String function) throws Exception;
    }

    @Test
    void aRecordThatCrashesItsFunctionIsDeadLetteredAfterItsAttemptsWhileTheOthersAreReplied() throws Exception {
        String topic = "fault-poison-" + KafkaTriggerTest.suffix();
        String[] poisonValue = new String[1];
        FaultLedger ledger = runWithFault("fault-poison", topic, 2, "100ms", "1s", 0, fn -> {
            try (var producer = FaultKafka.producer(KafkaBrokerResource.BOOTSTRAP)) {
                poisonValue[0] = "poison-1:0";
                FaultKafka.sendAll(producer, List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        topic, "poison-1", poisonValue[0])));
            }
        });
        // Every good record is replied; the poison one (its process exits) is the only dead letter.
        ledger.assertNothingMissingAndOrderedPerKey("poison");
        assertThat(lastDeadLetters).extracting(org.apache.kafka.clients.consumer.ConsumerRecord::value)
                .containsOnly(poisonValue[0]);
        var dead = lastDeadLetters.get(0);
        String attempts = new String(dead.headers().lastHeader("stoker-attempts").value(),
                java.nio.charset.StandardCharsets.UTF_8);
        String error = new String(dead.headers().lastHeader("stoker-error").value(),
                java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("kafka fault [poison]: dead letter after " + attempts + " attempts: " + error);
        assertThat(attempts).isEqualTo("2");
        assertThat(lastTrigger.path("deadLettered").asLong()).isEqualTo(1);
    }

    /** The dead letters of the last run. */
    private List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> lastDeadLetters = List.of();

    private FaultLedger runWithFault(String fn, String topic, int attempts, String backoff, String maxBackoff,
                                     int callMillis, Fault fault) throws Exception {
        return runWithFault(fn, topic, attempts, backoff, maxBackoff, callMillis, false, fault);
    }

    private FaultLedger runWithFault(String fn, String topic, int attempts, String backoff, String maxBackoff,
                                     int callMillis, boolean strikeInFlight, Fault fault) throws Exception {
        String bootstrap = KafkaBrokerResource.BOOTSTRAP;
        String replies = topic + ".replies";
        String dlt = topic + ".dlt";
        FaultKafka.createTopics(bootstrap, PARTITIONS, topic, replies, dlt);
        ObjectNode trigger = KafkaTriggerTest.trigger(topic).put("replyTopic", replies).put("concurrency", CONCURRENCY);
        trigger.putObject("retry").put("attempts", attempts).put("backoff", backoff).put("maxBackoff", maxBackoff);
        ObjectNode spec = KafkaTriggerTest.spec(fn);
        if (callMillis > 0) {
            spec.putObject("env").put("DELAY_MS", String.valueOf(callMillis));
        }
        spec.putObject("triggers").putArray("kafka").add(trigger);
        TestFunctions.put(spec).then().statusCode(201);
        // The stream starts once the trigger reads every partition: records produced while its group still forms
        // would pile up and be chewed through at full speed, and a fault struck then may meet no call at all.
        Awaitility.await().alias("the trigger of " + fn + " reads all " + PARTITIONS + " partitions")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    JsonNode t = TestApi.describe(fn).path("triggers").get(0);
                    return t != null && "RUNNING".equals(t.path("state").asText())
                            && t.path("lag").size() == PARTITIONS;
                });
        try (TopicTail replied = new TopicTail(bootstrap, replies); TopicTail dead = new TopicTail(bootstrap, dlt)) {
            PacedProducer producer = new PacedProducer(bootstrap, topic, RECORDS, KEYS, RATE);
            assertThat(replied.await(LIMIT, got -> got.size() >= RECORDS / 3))
                    .as("a third of the replies before the fault").isTrue();
            System.out.printf("kafka fault [%s]: striking after %d replies%n", fn, replied.records().size());
            if (strikeInFlight) {
                // A fault that must meet calls strikes while some are out (the stream is paced, so some always are).
                Awaitility.await().alias("calls of " + fn + " in flight").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> TestApi.describe(fn).path("triggers").get(0).path("inFlight").asLong() > 0);
            }
            fault.strike(fn);
            Set<String> produced = producer.awaitAcknowledged(LIMIT);
            replied.await(LIMIT, got -> FaultLedger.complete(produced, got, dead.records()));
            // (a record sent by the fault itself, like the poison one, is awaited through the trigger's counts)
            Awaitility.await().atMost(LIMIT).until(() -> {
                JsonNode t = TestApi.describe(fn).path("triggers").get(0);
                return t.path("inFlight").asLong() == 0 && t.path("totalLag").asLong() == 0;
            });
            Thread.sleep(1_000); // late duplicates, if any, are counted too
            lastTrigger = TestApi.describe(fn).path("triggers").get(0);
            System.out.println("kafka fault [" + fn + "]: trigger " + lastTrigger);
            lastDeadLetters = dead.records();
            FaultLedger ledger = new FaultLedger(produced, replied.records(), dead.records());
            if (!ledger.missing.isEmpty() || !ledger.unexpected.isEmpty()) {
                describeSource(bootstrap, topic, produced, ledger, replied);
            }
            return ledger;
        } finally {
            TestApi.api().delete("/v1/functions/" + fn);
        }
    }
}
