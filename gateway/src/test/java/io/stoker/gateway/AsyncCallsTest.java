package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecords;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.StartKind;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Async calls on a real broker and real containers: accepted durably (202 with X-Call-Id), run through the one call
 * path with retries, dead-lettered when they keep failing, called back with the function's answer, and recorded at
 * every step. Records are asserted in the record store ({@link CallRecords}: a call's last record), and each step
 * through {@link RecordingRecorder} (every record offered, on its way to the store).
 */
@QuarkusTest
@TestProfile(AsyncTestProfile.class)
@WithTestResource(StokerTestResource.class)
@WithTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AsyncCallsTest {

    static final String FUNCTION = "async-flaky";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile boolean deployed;

    @TestHTTPResource("/")
    URL base;

    @Inject
    RecordingRecorder records;

    @Inject
    CallRecords store;

    static synchronized void deploy() {
        if (!deployed) {
            TestApi.deployReady(FUNCTION, TestApi.repo().resolve("gateway/src/test/resources/functions/" + FUNCTION));
            deployed = true;
        }
    }

    @Test
    @Order(1)
    void anUnknownFunctionABadCallbackAndAnOversizedBodyAreTurnedAwayWithoutA202() throws Exception {
        deploy();
        HttpResponse<String> unknown = post("/async-function/no-such-function/x", "hi", null);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(TestApi.readJson(unknown.body()).path("error").asText()).isEqualTo("function_not_found");
        assertThat(unknown.headers().firstValue("X-Call-Id")).isEmpty();

        HttpResponse<String> ftp = post("/async-function/" + FUNCTION, "hi", "ftp://127.0.0.1/x");
        assertThat(ftp.statusCode()).as(ftp.body()).isEqualTo(400);
        assertThat(TestApi.readJson(ftp.body()).path("message").asText()).contains("http://");
        HttpResponse<String> elsewhere = post("/async-function/" + FUNCTION, "hi", "http://example.invalid/cb");
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(400);
        assertThat(TestApi.readJson(elsewhere.body()).path("message").asText())
                .contains("example.invalid").contains("not allowed");

        HttpResponse<String> big = post("/async-function/" + FUNCTION, "x".repeat(1024 * 1024 + 1), null);
        assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
        assertThat(records.offered()).as("no call was accepted").noneMatch(r -> r.status() == CallStatus.ACCEPTED);
    }

    @Test
    @Order(2)
    void aThousandCallsToAFunctionFailingOneInTenAllEndRecordedAndCalledBack() throws Exception {
        deploy();
        int calls = 1_000;
        try (CallbackServer callbacks = new CallbackServer()) {
            long before = System.currentTimeMillis();
            // Every 100th call goes to /fail, which always fails: at least 10 dead letters, whatever the dice say.
            Map<String, String> bodies = submit(calls, i -> i % 100 == 0 ? "/fail?n=" : "/work?n=", callbacks.url("/cb"));
            assertThat(bodies).hasSize(calls);
            Awaitility.await("a callback for each of " + calls + " calls").alias("callbacks")
                    .atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> bodies.keySet().stream().allMatch(callbacks.byCallId()::containsKey));
            Map<String, List<CallbackServer.Callback>> got = callbacks.byCallId();
            int succeeded = 0;
            int failed = 0;
            for (Map.Entry<String, String> call : bodies.entrySet()) {
                CallbackServer.Callback cb = got.get(call.getKey()).get(0);
                assertThat(cb.method()).isEqualTo("POST");
                assertThat(cb.header("X-Call-Id")).isEqualTo(call.getKey());
                assertThat(cb.header("X-Function-Name")).isEqualTo(FUNCTION);
                assertThat(Double.parseDouble(cb.header("X-Duration-Seconds"))).isNotNegative();
                long startNanos = Long.parseLong(cb.header("X-Start-Time"));
                assertThat(startNanos / 1_000_000).isBetween(before - 1_000, System.currentTimeMillis());
                String status = cb.header("X-Function-Status");
                if (status.equals("200")) {
                    succeeded++;
                    JsonNode echo = TestApi.readJson(cb.body());
                    assertThat(echo.path("callId").asText()).isEqualTo(call.getKey());
                    assertThat(echo.path("body").asText()).isEqualTo(call.getValue());
                    assertThat(echo.path("path").asText()).isEqualTo("/work");
                    assertThat(echo.path("method").asText()).isEqualTo("POST");
                    assertThat(echo.path("trace").asText()).isEqualTo("t-" + call.getValue());
                    assertThat(cb.header("Content-Type")).startsWith("application/json");
                } else {
                    assertThat(status).as("the function's own failure").isEqualTo("503");
                    assertThat(cb.body()).isIn("unlucky " + call.getKey(), "failing " + call.getKey());
                    failed++;
                }
            }
            System.out.printf("async: %d calls, %d succeeded, %d dead-lettered, %d callbacks in all%n", calls,
                    succeeded, failed, callbacks.received().size());
            assertThat(failed).as("dead-lettered: the 10 calls of /fail, and a few unlucky ones").isBetween(10, 20);

            // Every call: ACCEPTED, then RUNNING per attempt, then one final record, as the callback said.
            Map<String, List<CallRecord>> byId = records.byId();
            for (Map.Entry<String, String> call : bodies.entrySet()) {
                List<CallRecord> trail = byId.get(call.getKey());
                assertThat(trail).as("records of %s", call.getKey()).isNotNull();
                assertThat(trail.get(0).status()).isEqualTo(CallStatus.ACCEPTED);
                CallRecord last = trail.get(trail.size() - 1);
                boolean ok = got.get(call.getKey()).get(0).header("X-Function-Status").equals("200");
                assertThat(last.status()).as("%s", trail).isEqualTo(ok ? CallStatus.SUCCESS : CallStatus.DEAD_LETTERED);
                assertThat(last.attempts()).isBetween(1, 3);
                assertThat(last.httpStatus()).isEqualTo(ok ? 200 : 503);
                assertThat(last.endMicros()).isGreaterThanOrEqualTo(last.startMicros());
                assertThat(last.resultHeaders().get("stoker-callback")).startsWith("delivered: HTTP 200");
                // The last attempt's instance, as the call path saw it: async records name it like sync ones.
                assertThat(last.instanceId()).as("instance of %s", trail).isNotBlank();
                assertThat(last.startKind()).as("start kind of %s", trail).isNotEqualTo(StartKind.NONE);
                assertThat(trail.stream().filter(r -> r.status() == CallStatus.RUNNING).count())
                        .as("one RUNNING record per attempt").isEqualTo(last.attempts());
                if (ok) {
                    assertThat(new String(last.resultBody(), StandardCharsets.UTF_8)).contains(call.getValue());
                    assertThat(last.error()).isNull();
                } else {
                    assertThat(last.attempts()).isEqualTo(3);
                    assertThat(last.error()).contains("used all 3 attempts").contains("HTTP 503");
                }
            }
            // The store has each call's last record: its end, as the callback said.
            Awaitility.await("the store has every call's end").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).until(() -> bodies.keySet().stream().allMatch(id ->
                            store.find(id).map(r -> r.status() == CallStatus.SUCCESS
                                    || r.status() == CallStatus.DEAD_LETTERED).orElse(false)));
            for (String id : bodies.keySet()) {
                CallRecord stored = store.find(id).orElseThrow();
                CallRecord offered = byId.get(id).get(byId.get(id).size() - 1);
                assertThat(stored.status()).isEqualTo(offered.status());
                assertThat(stored.attempts()).isEqualTo(offered.attempts());
                assertThat(stored.httpStatus()).isEqualTo(offered.httpStatus());
                assertThat(stored.function()).isEqualTo(FUNCTION);
                assertThat(stored.trigger()).isEqualTo(io.stoker.gateway.metrics.Trigger.ASYNC);
                assertThat(stored.resultBody()).isEqualTo(offered.resultBody());
                assertThat(stored.error()).isEqualTo(offered.error());
                assertThat(stored.instanceId()).isEqualTo(offered.instanceId());
                assertThat(stored.startKind()).isEqualTo(offered.startKind());
            }
            long retried = byId.values().stream().filter(t -> t.get(t.size() - 1).attempts() > 1).count();
            assertThat(retried).as("calls that needed more than one attempt (about 10%%)").isBetween(30L, 250L);

            // The dead letters: exactly the calls whose callback said 503, each the original request with why.
            long deadLettered = failed;
            List<ConsumerRecord<String, String>> dead = KafkaClients.readUntil("stoker.async.dlt",
                    Duration.ofSeconds(30), r -> r.stream().filter(x -> bodies.containsKey(x.key()))
                            .map(ConsumerRecord::key).distinct().count() >= deadLettered);
            Map<String, ConsumerRecord<String, String>> deadById = new HashMap<>();
            dead.stream().filter(r -> bodies.containsKey(r.key())).forEach(r -> deadById.put(r.key(), r));
            assertThat(deadById).hasSize(failed);
            deadById.forEach((id, r) -> {
                assertThat(r.value()).isEqualTo(bodies.get(id));
                assertThat(header(r, "stoker-error")).contains("used all 3 attempts");
                assertThat(header(r, "stoker-function")).isEqualTo(FUNCTION);
                assertThat(header(r, "h:x-trace")).isEqualTo("t-" + bodies.get(id));
            });

            String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract()
                    .asString();
            assertThat(counter(metrics, "stoker_async_calls_total{function=\"" + FUNCTION + "\",outcome=\"success\"}"))
                    .isGreaterThanOrEqualTo(succeeded);
            assertThat(counter(metrics, "stoker_invocations_total{function=\"" + FUNCTION
                    + "\",outcome=\"server_error\",trigger=\"async\"}")).as("failed attempts").isPositive();
            Awaitility.await("nothing left queued").atMost(Duration.ofSeconds(30))
                    .until(() -> counter(io.restassured.RestAssured.given().get("/q/metrics").asString(),
                            "stoker_async_queued") == 0);
        }
    }

    @Test
    @Order(3)
    void aCallLongerThanTheConsumersPollIntervalRunsOnceAndTheChannelGoesOn() throws Exception {
        deploy();
        long ms = 3L * AsyncTestProfile.MAX_POLL_INTERVAL_MS;
        try (CallbackServer callbacks = new CallbackServer()) {
            HttpResponse<String> slow = post("/async-function/" + FUNCTION + "/slow?ms=" + ms, "", callbacks.url("/slow"));
            assertThat(slow.statusCode()).as(slow.body()).isEqualTo(202);
            String id = slow.headers().firstValue("X-Call-Id").orElseThrow();
            Awaitility.await("the slow call's callback").atMost(Duration.ofMillis(ms).plusMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> callbacks.byCallId().containsKey(id));
            // Calls made after the slow one still run: the channel is alive.
            Map<String, String> after = submit(20, i -> "/after?n=", callbacks.url("/after"));
            Awaitility.await("calls after the slow one").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> after.keySet().stream().allMatch(callbacks.byCallId()::containsKey));
            Thread.sleep(AsyncTestProfile.MAX_POLL_INTERVAL_MS); // a redelivery would show by now
            assertThat(callbacks.byCallId().get(id)).as("callbacks of the slow call").hasSize(1);
            assertThat(callbacks.byCallId().get(id).get(0).body()).isEqualTo("slept " + ms + " ms");
            String seen = io.restassured.RestAssured.given().get("/function/" + FUNCTION + "/seen").asString();
            assertThat(seen.lines().filter(id::equals).count()).as("calls of the slow call").isEqualTo(1);
            List<CallRecord> trail = records.byId().get(id);
            assertThat(trail.get(trail.size() - 1).status()).isEqualTo(CallStatus.SUCCESS);
            assertThat(trail.get(trail.size() - 1).attempts()).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void aCallbackThatFailsIsRetriedAndItsOutcomeRecorded() throws Exception {
        deploy();
        try (CallbackServer callbacks = new CallbackServer()) {
            HttpResponse<String> r = post("/async-function/" + FUNCTION + "/slow?ms=1", "", callbacks.url("/flaky/1"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String id = r.headers().firstValue("X-Call-Id").orElseThrow();
            Awaitility.await("the retried callback").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> callbacks.byCallId().containsKey(id));
            assertThat(callbacks.refusals()).isEqualTo(1);
            Awaitility.await("the final record").atMost(Duration.ofSeconds(10)).until(() -> {
                List<CallRecord> t = records.byId().get(id);
                return t != null && t.get(t.size() - 1).status() == CallStatus.SUCCESS;
            });
            List<CallRecord> trail = records.byId().get(id);
            assertThat(trail.get(trail.size() - 1).resultHeaders().get("stoker-callback"))
                    .isEqualTo("delivered: HTTP 200 after 2 tries");
        }
    }

    @Test
    @Order(5)
    void aCallWhileTheBrokerIsAwayIs503AndNeverAccepted() throws Exception {
        deploy();
        KafkaBrokerResource.stopBroker();
        try {
            long start = System.nanoTime();
            HttpResponse<String> r = post("/async-function/" + FUNCTION, "while away", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(TestApi.readJson(r.body()).path("error").asText()).isEqualTo("broker_unavailable");
            assertThat(r.headers().firstValue("X-Call-Id")).isEmpty();
            System.out.printf("async: 503 with the broker away after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        } finally {
            KafkaBrokerResource.startBroker();
        }
        try (CallbackServer callbacks = new CallbackServer()) {
            Awaitility.await("a call accepted once the broker is back").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> post("/async-function/" + FUNCTION + "/slow?ms=1", "", callbacks.url("/back"))
                            .statusCode() == 202);
            Awaitility.await("its callback").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !callbacks.received().isEmpty());
        }
    }

    /** Submits {@code count} calls (a few at a time); call id → the body it was sent with. */
    private Map<String, String> submit(int count, java.util.function.IntFunction<String> pathPrefix, String callback)
            throws Exception {
        Map<String, String> out = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "call-" + i + "-" + System.nanoTime();
            inFlight.acquire();
            HttpRequest req = request("/async-function/" + FUNCTION + pathPrefix.apply(i) + i, body, callback)
                    .header("X-Trace", "t-" + body).build();
            all.add(HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                inFlight.release();
                if (r != null && r.statusCode() == 202) {
                    out.put(r.headers().firstValue("X-Call-Id").orElseThrow(), body);
                } else {
                    System.out.println("async submit failed: " + (r != null ? r.statusCode() + " " + r.body() : e));
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return out;
    }

    private HttpResponse<String> post(String path, String body, String callback) throws Exception {
        return HTTP.send(request(path, body, callback).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String body, String callback) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + path))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "text/plain");
        if (callback != null) {
            b.header("X-Callback-Url", callback);
        }
        return b;
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The value of one sample line of /q/metrics (0 when absent). */
    static double counter(String metrics, String sample) {
        return metrics.lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }
}
