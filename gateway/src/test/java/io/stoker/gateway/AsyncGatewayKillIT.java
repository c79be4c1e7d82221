package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway killed with SIGKILL ({@code kill -9}) while async calls it accepted are still waiting or
 * running, then a new one started on the same home and broker: every accepted call still ends (its callback comes),
 * at least once; those the killed gateway had run but not committed may run twice, and are counted.
 */
class AsyncGatewayKillIT {

    static final String NETWORK = "stoker-async-kill-test";
    static final String FUNCTION = "async-flaky";
    static final int CALLS = 300;
    /**
     * Async calls the first gateway runs at once: with 1 s calls, 4 a second, so the kill finds most calls accepted
     * and not finished, and some running; the second runs more at once, to finish in good time.
     */
    static final int CONCURRENCY = 4;
    static final int CONCURRENCY_AFTER = 32;
    static final Duration LIMIT = Duration.ofMinutes(4);

    @Test
    void everyAcceptedCallEndsAfterTheGatewayIsKilledAndAnotherStarts() throws Exception {
        Path home = GatewayProcess.newHome("async-kill");
        int brokerPort = KafkaBrokerResource.freePort();
        try (ScriptBroker broker = ScriptBroker.start(Files.createTempDirectory("stoker-async-kill-broker"), brokerPort,
                KafkaBrokerResource.freePort()); CallbackServer callbacks = new CallbackServer()) {
            Map<String, String> env = env(broker.bootstrap(), CONCURRENCY);
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            int atKill;
            try (GatewayProcess first = GatewayProcess.start(home, KafkaBrokerResource.freePort(), env)) {
                deploy(first);
                for (int i = 0; i < CALLS; i++) {
                    HttpResponse<String> r = first.send(HttpRequest.newBuilder(first.uri("/async-function/" + FUNCTION
                                    + "/work?n=" + i)).header("X-Callback-Url", callbacks.url("/cb"))
                            .POST(HttpRequest.BodyPublishers.ofString("call-" + i)));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                    accepted.add(r.headers().firstValue("X-Call-Id").orElseThrow());
                }
                Awaitility.await("some calls ended before the kill").alias("callbacks before the kill")
                        .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> callbacks.byCallId().size() >= CALLS / 15);
                int exit = first.kill();
                atKill = callbacks.byCallId().size();
                System.out.printf("async gateway kill: killed (exit %d) with %d of %d calls called back%n", exit, atKill,
                        CALLS);
                assertThat(exit).as("the JVM died of SIGKILL (128 + 9)").isEqualTo(137);
            }
            assertThat(atKill).as("calls ended at the kill: at most half of them, or the kill proved little")
                    .isLessThanOrEqualTo(CALLS / 2);

            try (GatewayProcess second = GatewayProcess.start(home, KafkaBrokerResource.freePort(),
                    env(broker.bootstrap(), CONCURRENCY_AFTER))) {
                Awaitility.await("every accepted call called back").alias("callbacks after the restart")
                        .atMost(LIMIT).pollInterval(Duration.ofMillis(500))
                        .until(() -> callbacks.byCallId().keySet().containsAll(accepted));
                Map<String, java.util.List<CallbackServer.Callback>> got = callbacks.byCallId();
                long twice = got.values().stream().filter(l -> l.size() > 1).count();
                System.out.printf("async gateway kill: all %d calls called back after the restart; %d more than once"
                        + " (run by the killed gateway, not committed)%n", CALLS, twice);
                assertThat(got.keySet()).containsAll(accepted);
                for (String id : accepted) {
                    assertThat(got.get(id).get(0).header("X-Function-Status")).as("call %s", id).isEqualTo("200");
                }
                second.send(HttpRequest.newBuilder(second.uri("/v1/functions/" + FUNCTION)).DELETE());
            }
        } finally {
            Docker.removeContainersOn(NETWORK);
            Docker.removeNetwork(NETWORK);
        }
    }

    private static Map<String, String> env(String bootstrap, int concurrency) {
        return Map.of("STOKER_ENGINE_NETWORK", NETWORK, "STOKER_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "STOKER_ASYNC_CONCURRENCY", Integer.toString(concurrency), "STOKER_ASYNC_CALLBACK_HOSTS", "127.0.0.1");
    }

    /** functions/async-flaky with its failures off and a second per call. */
    private static void deploy(GatewayProcess gateway) throws Exception {
        gateway.deployTestFunction(FUNCTION, "env: {FAIL_RATE: \"0\", DELAY_MS: \"1000\"}\n");
    }
}
