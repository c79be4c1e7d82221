package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway killed with SIGKILL ({@code kill -9}) in the middle of a Kafka stream and of HTTP calls, then
 * a new one started on the same home: the function's containers outlive the kill and are adopted (the same
 * containers serve afterwards, nothing new is launched), every HTTP call ends (an answer or a connection error,
 * never a hang), and every record is replied or dead-lettered; duplicates, from the records the killed gateway had
 * not committed, are allowed and counted.
 */
class KafkaGatewayKillIT {

    static final int GATEWAY_PORT = 18098;
    static final int BROKER_PORT = 19204; // controller on 19205
    static final String NETWORK = "stoker-kafka-kill-test";
    static final String FUNCTION = "kafka-kill";
    static final int RECORDS = 3_000;
    static final int KEYS = 50;
    /** Records with "bad-" keys: the function refuses them, so each is dead-lettered after its two attempts. */
    static final int BAD_RECORDS = 120;
    static final int BAD_KEYS = 10;
    static final int PARTITIONS = 4;
    static final int CONCURRENCY = 16;
    /** The function's limits.timeout (stoker.yaml): no HTTP call may take much longer, whatever happens. */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);
    static final int HTTP_CALLERS = 3;
    static final int SLOW_MS = 1_500;
    static final Duration LIMIT = Duration.ofMinutes(3);

    @Test
    void aGatewayKilledMidStreamLeavesItsContainersToTheNextOneAndLosesNoRecord() throws Exception {
        Path home = GatewayProcess.newHome("kafka-kill");
        String topic = "kill-" + KafkaTriggerTest.suffix();
        String replies = topic + ".replies";
        String dlt = topic + ".dlt";
        try (ScriptBroker broker = ScriptBroker.start(Files.createTempDirectory("stoker-kafka-kill-broker"), BROKER_PORT)) {
            String bootstrap = broker.bootstrap();
            FaultKafka.createTopics(bootstrap, PARTITIONS, topic, replies, dlt);
            try (TopicTail replied = new TopicTail(bootstrap, replies); TopicTail dead = new TopicTail(bootstrap, dlt)) {
                PacedProducer good;
                PacedProducer bad;
                HttpLoad http;
                Map<String, String> before; // container id -> instance id, both instances READY before the kill
                long logAtKill;
                int atKill;
                try (GatewayProcess first = GatewayProcess.start(home, GATEWAY_PORT, env(bootstrap))) {
                    deploy(first, topic, replies);
                    // min = max = 2: wait for the second instance too, so the set to be adopted is fixed
                    Awaitility.await("both instances ready").atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> readyInstances(first).size() == 2);
                    before = readyInstances(first);
                    assertThat(containersOfTheFunction()).as("the engine's view").isEqualTo(before.keySet());
                    System.out.println("kafka gateway kill: instances before the kill " + before);

                    http = new HttpLoad(home, GATEWAY_PORT, HTTP_CALLERS);
                    good = new PacedProducer(bootstrap, topic, RECORDS, KEYS, 250);
                    bad = new PacedProducer(bootstrap, topic, BAD_RECORDS, BAD_KEYS, 10, "bad-");
                    assertThat(replied.await(LIMIT, got -> got.size() >= RECORDS / 3))
                            .as("a third of the replies before the kill").isTrue();
                    assertThat(dead.await(LIMIT, got -> !got.isEmpty())).as("a dead letter before the kill").isTrue();
                    Awaitility.await("HTTP calls answered, and some in flight").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> http.answered(before.values()) > 0 && http.inFlight() >= 1);
                    System.out.println("kafka gateway kill: trigger before the kill "
                            + TestApi.readJson(first.get("/v1/functions/" + FUNCTION).body()).path("triggers"));

                    logAtKill = Files.size(home.resolve("gateway.log"));
                    long pid = first.pid();
                    http.killing();
                    int exit = first.kill();
                    atKill = replied.records().size();
                    System.out.printf("kafka gateway kill: pid %d killed (exit %d) after %d replies, %d dead letters,"
                                    + " %d HTTP calls in flight%n", pid, exit, atKill, dead.records().size(),
                            http.inFlightAtKill());
                    assertThat(exit).as("the JVM died of SIGKILL (128 + 9)").isEqualTo(137);
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
                }
                // No shutdown hook ran: a SIGTERM'd Quarkus logs "stopped in"; a killed one writes nothing more.
                assertThat(logSince(home, logAtKill)).as("gateway log after the kill").doesNotContain("stopped in");
                for (String container : before.keySet()) {
                    assertThat(Docker.inspect(container).path("State").path("Running").asBoolean())
                            .as("container %s still running after the kill", container).isTrue();
                }
                System.out.println("kafka gateway kill: committed offsets after the kill "
                        + committed(bootstrap, "stoker-" + FUNCTION) + ", end offsets " + endOffsets(bootstrap, topic));

                // The calls in flight at the kill end promptly with a connection error, not at some timeout.
                Awaitility.await("the HTTP calls in flight at the kill end").atMost(FUNCTION_TIMEOUT.plusSeconds(5))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> http.unfinishedFromBeforeTheKill() == 0);
                Set<String> produced = new HashSet<>(good.awaitAcknowledged(LIMIT));
                Set<String> refused = bad.awaitAcknowledged(LIMIT);
                produced.addAll(refused);
                int whileDown = replied.records().size();

                try (GatewayProcess second = GatewayProcess.start(home, GATEWAY_PORT, env(bootstrap))) {
                    String restartLog = logSince(home, logAtKill);
                    for (String instance : before.values()) {
                        assertThat(restartLog).as("the new gateway's log")
                                .contains("adopted instance " + instance + " of " + FUNCTION);
                    }
                    assertThat(restartLog).as("the new gateway's log").contains("adopted 2 and removed 0");
                    // The same two containers, and only those: nothing was launched in their place.
                    Map<String, String> after = instances(second);
                    assertThat(after).as("instances of the new gateway").isEqualTo(before);
                    http.restarted();
                    Awaitility.await("HTTP calls answered by the new gateway").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> http.answeredAfterRestart() >= 2 * HTTP_CALLERS);

                    assertThat(replied.await(LIMIT, got -> FaultLedger.complete(produced, got, dead.records())))
                            .as("every record replied or dead-lettered within " + LIMIT + ": "
                                    + new FaultLedger(produced, replied.records(), dead.records()).line("gateway kill"))
                            .isTrue();
                    // Settled: the trigger has nothing in flight and nothing behind, so every duplicate is counted.
                    Awaitility.await("the trigger settled").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> settled(second));
                    HttpLoad.Summary calls = http.stop(FUNCTION_TIMEOUT.plusSeconds(5));

                    JsonNode fn = TestApi.readJson(second.get("/v1/functions/" + FUNCTION).body());
                    System.out.println("kafka gateway kill: trigger after " + fn.path("triggers"));
                    List<ConsumerRecord<String, String>> deadLetters = dead.records();
                    FaultLedger ledger = new FaultLedger(produced, replied.records(), deadLetters);
                    long deadDistinct = deadLetters.stream().map(ConsumerRecord::value).distinct().count();
                    System.out.printf("kafka gateway kill: %d replies at the kill, %d once it was dead; dead letters"
                                    + " %d (%d distinct, %d duplicates); adopted %s%n", atKill, whileDown,
                            deadLetters.size(), deadDistinct, deadLetters.size() - deadDistinct, after.keySet());
                    System.out.println("kafka gateway kill: HTTP " + calls);
                    ledger.assertNothingMissingAndOrderedPerKey("gateway kill");
                    assertThat(ledger.deadLettered).as(ledger.line("gateway kill")).isEqualTo(refused.size());
                    assertThat(replied.records()).as("a refused record is never replied")
                            .noneMatch(r -> FaultLedger.replyValue(r).startsWith("bad-"));

                    assertThat(calls.stillRunning).as("HTTP callers that did not end").isZero();
                    assertThat(calls.longest).as("the longest HTTP call " + calls)
                            .isLessThanOrEqualTo(FUNCTION_TIMEOUT.plusSeconds(5));
                    assertThat(calls.timedOut).as("HTTP calls that ran into the client's own timeout " + calls).isZero();
                    assertThat(calls.inFlightAtKill).as("HTTP calls in flight at the kill").isPositive();
                    // each of them ended (see above); those the kill cut off ended with a connection error (one
                    // may have been answered in the milliseconds between the count and the signal)
                    assertThat(calls.failedAtKill).as("calls in flight at the kill that ended with an error " + calls)
                            .isPositive();
                    assertThat(calls.answeredBy).as("instances that answered HTTP calls " + calls)
                            .isSubsetOf(before.values());
                    assertThat(calls.answeredAfterRestartBy).as("instances that answered after the restart " + calls)
                            .isNotEmpty().isSubsetOf(before.values());
                    assertThat(calls.unexpected).as("HTTP answers other than 200 while a gateway was up " + calls)
                            .isEmpty();
                    second.send(HttpRequest.newBuilder(second.uri("/v1/functions/" + FUNCTION)).DELETE());
                }
            }
        } finally {
            Docker.removeContainersOn(NETWORK);
        }
    }

    /** Uploads handler and stoker.yaml of functions/kafka-kill with a trigger added, as `stoker deploy` would. */
    private static void deploy(GatewayProcess gateway, String topic, String replies) throws Exception {
        gateway.deployTestFunction(FUNCTION, "triggers:\n"
                + "  kafka:\n"
                + "    - topics: [" + topic + "]\n"
                + "      from: earliest\n"
                + "      replyTopic: " + replies + "\n"
                + "      concurrency: " + CONCURRENCY + "\n"
                + "      retry: {attempts: 2, backoff: 100ms, maxBackoff: 200ms}\n");
    }

    /** Container id -> instance id of every instance the gateway lists. */
    private static Map<String, String> instances(GatewayProcess gateway) throws Exception {
        return instances(gateway, false);
    }

    private static Map<String, String> readyInstances(GatewayProcess gateway) throws Exception {
        return instances(gateway, true);
    }

    private static Map<String, String> instances(GatewayProcess gateway, boolean readyOnly) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode i : TestApi.readJson(gateway.get("/v1/functions/" + FUNCTION).body()).path("instances")) {
            if (!readyOnly || i.path("state").asText().equals("READY") || i.path("state").asText().equals("BUSY")) {
                out.put(i.path("containerId").asText(), i.path("id").asText());
            }
        }
        return out;
    }

    /** The function's containers as the engine lists them (labels), running or not. */
    private static Set<String> containersOfTheFunction() {
        String ids = Docker.run("ps", "-aq", "--no-trunc", "--filter", "label=stoker.function=" + FUNCTION,
                "--filter", "label=stoker.network=" + NETWORK);
        return ids.isBlank() ? Set.of() : new TreeSet<>(List.of(ids.split("\\s+")));
    }

    private static boolean settled(GatewayProcess gateway) throws Exception {
        JsonNode t = TestApi.readJson(gateway.get("/v1/functions/" + FUNCTION).body()).path("triggers").path(0);
        return t.path("state").asText().equals("RUNNING") && t.path("inFlight").asLong(-1) == 0
                && t.path("totalLag").asLong(-1) == 0 && t.path("lag").size() == PARTITIONS;
    }

    private static String logSince(Path home, long offset) throws IOException {
        byte[] all = Files.readAllBytes(home.resolve("gateway.log"));
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<Integer, Long> committed(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a,
                            TreeMap::new));
        }
    }

    private static Map<Integer, Long> endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a,
                            TreeMap::new));
        }
    }

    private static Map<String, String> env(String bootstrap) {
        return Map.of("STOKER_ENGINE_NETWORK", NETWORK, "STOKER_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    }

    /**
     * A few callers, each calling the function's slow path (POST, so the client does not retry it by itself) one
     * call after another on its own thread, through the kill, the downtime and the restart. The client's timeout
     * is far above the function's, so a call that hangs shows as one, rather than as a client timeout.
     */
    static final class HttpLoad {

        private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

        /** One call: when it started and ended (nanoTime), its status or error, the instance that answered. */
        record Call(long started, long ended, int status, String instance, String error, int phase) {}

        /** What the calls did, for assertions and the report. */
        record Summary(int calls, int answered, int connectionErrors, int timedOut, int inFlightAtKill,
                       int failedAtKill, Duration longest, Set<String> answeredBy, Set<String> answeredAfterRestartBy,
                       List<String> unexpected, int stillRunning) {

            @Override
            public String toString() {
                return String.format("%d calls: %d answered, %d connection errors, %d client timeouts; %d in flight"
                                + " at the kill (%d ended with an error); longest %d ms; answered by %s, after the restart"
                                + " by %s; unexpected %s; callers still running %d", calls, answered, connectionErrors,
                        timedOut, inFlightAtKill, failedAtKill, longest.toMillis(), answeredBy, answeredAfterRestartBy,
                        unexpected, stillRunning);
            }
        }

        private static final int UP = 0;
        private static final int DOWN = 1;
        private static final int RESTARTED = 2;

        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final URI uri;
        private final String token;
        private final List<Thread> callers = new ArrayList<>();
        private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        /** Start time (nanoTime) of each call in flight, by caller. */
        private final long[] inFlight;
        private final AtomicInteger answeredAfterRestart = new AtomicInteger();
        private volatile boolean stopped;
        private volatile int phase = UP;
        private volatile long killedAt = Long.MAX_VALUE;
        private volatile int inFlightAtKill;

        HttpLoad(Path home, int port, int callers) throws IOException {
            this.uri = URI.create("http://127.0.0.1:" + port + "/function/" + FUNCTION + "/slow?ms=" + SLOW_MS);
            Path tokenFile = home.resolve("token");
            this.token = Files.exists(tokenFile) ? Files.readString(tokenFile).trim() : null;
            this.inFlight = new long[callers];
            for (int i = 0; i < callers; i++) {
                int me = i;
                Thread t = new Thread(() -> run(me), "http-caller-" + i);
                t.setDaemon(true);
                this.callers.add(t);
                t.start();
            }
        }

        private void run(int me) {
            while (!stopped) {
                int at = phase;
                long start = System.nanoTime();
                synchronized (inFlight) {
                    inFlight[me] = start;
                }
                int status = -1;
                String instance = null;
                String error = null;
                try {
                    HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(CLIENT_TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.ofString("call"));
                    if (token != null) {
                        r.header("Authorization", "Bearer " + token);
                    }
                    HttpResponse<String> response = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                    instance = response.headers().firstValue("x-stoker-instance").orElse(null);
                } catch (java.net.http.HttpTimeoutException e) {
                    error = "timeout: " + e;
                } catch (IOException e) {
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                } catch (InterruptedException e) {
                    return;
                }
                long end = System.nanoTime();
                synchronized (inFlight) {
                    inFlight[me] = 0;
                }
                calls.add(new Call(start, end, status, instance, error, at));
                if (status == 200 && at == RESTARTED) {
                    answeredAfterRestart.incrementAndGet();
                }
                if (error != null) {
                    try {
                        Thread.sleep(200); // the gateway is away: call again soon, not in a tight loop
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        int inFlight() {
            synchronized (inFlight) {
                int n = 0;
                for (long s : inFlight) {
                    n += s == 0 ? 0 : 1;
                }
                return n;
            }
        }

        /** Answers with 200 by one of these instances. */
        int answered(java.util.Collection<String> by) {
            synchronized (calls) {
                return (int) calls.stream().filter(c -> c.status == 200 && by.contains(c.instance)).count();
            }
        }

        /** Marks the kill, just before it: the calls in flight now are the ones that must end promptly. */
        void killing() {
            synchronized (inFlight) {
                killedAt = System.nanoTime();
                inFlightAtKill = inFlight();
                phase = DOWN;
            }
        }

        int inFlightAtKill() {
            return inFlightAtKill;
        }

        /** Calls started before the kill that have not ended yet. */
        int unfinishedFromBeforeTheKill() {
            synchronized (inFlight) {
                int n = 0;
                for (long s : inFlight) {
                    n += s != 0 && s < killedAt ? 1 : 0;
                }
                return n;
            }
        }

        /** Calls started from now on go to the new gateway. */
        void restarted() {
            phase = RESTARTED;
        }

        int answeredAfterRestart() {
            return answeredAfterRestart.get();
        }

        Summary stop(Duration wait) throws InterruptedException {
            stopped = true;
            long until = System.nanoTime() + wait.toNanos();
            int running = 0;
            for (Thread t : callers) {
                t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                running += t.isAlive() ? 1 : 0;
            }
            List<Call> all;
            synchronized (calls) {
                all = new ArrayList<>(calls);
            }
            long longest = 0;
            int answered = 0;
            int errors = 0;
            int timeouts = 0;
            int atKill = 0;
            int failedAtKill = 0;
            Set<String> by = new TreeSet<>();
            Set<String> byAfter = new TreeSet<>();
            List<String> unexpected = new ArrayList<>();
            for (Call c : all) {
                longest = Math.max(longest, c.ended - c.started);
                if (c.error != null && c.error.startsWith("timeout")) {
                    timeouts++;
                } else if (c.error != null) {
                    errors++;
                } else {
                    answered++;
                    if (c.status == 200 && c.instance != null) {
                        by.add(c.instance);
                        if (c.phase == RESTARTED) {
                            byAfter.add(c.instance);
                        }
                    }
                    // a call that started while the first gateway was up and ended before the kill, or one that
                    // started once the second was up, has no reason to answer anything but 200
                    boolean up = (c.phase == UP && c.ended < killedAt) || c.phase == RESTARTED;
                    if (up && c.status != 200) {
                        unexpected.add(c.status + " from " + c.instance);
                    }
                }
                if (c.started < killedAt && c.ended >= killedAt) {
                    atKill++;
                    failedAtKill += c.error != null ? 1 : 0;
                }
            }
            return new Summary(all.size(), answered, errors, timeouts, atKill, failedAtKill, Duration.ofNanos(longest),
                    by, byAfter, unexpected, running);
        }
    }
}
