package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The real Docker engine stopped and started under a running gateway (deploy/engine.sh, as the chaos run does).
 * Its containers die with it. Calls in flight all end; the gateway reports not ready while the engine is away; once
 * it is back the pool starts a new instance without the back-off it grew meanwhile, and the exit watch is open again:
 * an idle instance killed afterwards is noticed and replaced before the next call, which is answered.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class EngineRestartTest {

    static final String FN = "faults-engine";
    /** The function's timeout (stoker.yaml) plus room for a loaded machine. */
    static final Duration CALL_BOUND = Duration.ofSeconds(10 + 8);

    @TestHTTPResource("/")
    URL gateway;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One call: its status (0: the connection failed) and how long it took. */
    record Ended(int status, Duration took, String body) {}

    private CompletableFuture<Ended> call(String path) {
        long t0 = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "function/" + FN + path))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> new Ended(
                r == null ? 0 : r.statusCode(), Duration.ofNanos(System.nanoTime() - t0),
                r == null ? String.valueOf(e) : r.body()));
    }

    @Test
    void theGatewaySurvivesAnEngineRestart() throws Exception {
        TestFunctions.deployFaults(FN);
        assertThat(call("/slow?ms=0").join().status()).isEqualTo(200);

        // One call in the instance and three queued behind it (one call at a time, one instance).
        List<CompletableFuture<Ended>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(call("/slow?ms=4000"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TestApi.describe(FN).path("queued").asInt() == 3);

        Engine.run("stop");
        long stopped = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(15)).alias("not ready while the engine is away").until(() ->
                given().get("/q/health/ready").statusCode() == 503);
        for (CompletableFuture<Ended> c : inFlight) {
            Ended e = c.get(CALL_BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            System.out.println("engine restart: a call in flight ended " + e);
            assertThat(e.status()).as(e.toString()).isIn(200, 502, 503, 504);
            assertThat(e.took()).as(e.toString()).isLessThan(CALL_BOUND);
        }
        // A call while the engine is away waits for an instance up to its deadline, then a clear 504.
        Ended away = call("/slow?ms=0").join();
        System.out.println("engine restart: a call while the engine was away " + away);
        assertThat(away.status()).as(away.toString()).isIn(502, 504);
        assertThat(away.body()).contains("\"error\"");
        System.out.println("engine restart: its answer says " + away.body());

        Engine.run("start");
        System.out.printf("engine restart: the engine was away %d ms%n", (System.nanoTime() - stopped) / 1_000_000);
        long back = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .alias("answered again, with no back-off left over from the engine's absence")
                .until(() -> call("/slow?ms=0").join().status() == 200);
        System.out.printf("engine restart: first answer %d ms after the engine answered%n",
                (System.nanoTime() - back) / 1_000_000);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/q/health/ready").statusCode() == 200);

        // The exit watch is open again: an idle instance killed now is noticed and replaced before the next call.
        JsonNode instance = TestApi.describe(FN).path("instances").get(0);
        String killed = instance.path("containerId").asText();
        Docker.run("kill", killed);
        Awaitility.await().atMost(Duration.ofSeconds(10)).alias("the death of " + killed + " is noticed").until(() ->
                readyOtherThan(TestApi.describe(FN), killed));
        Ended next = call("/slow?ms=0").join();
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        TestApi.api().delete("/v1/functions/" + FN).then().statusCode(200);
    }

    private static boolean readyOtherThan(JsonNode fn, String containerId) {
        for (JsonNode i : fn.path("instances")) {
            if (i.path("containerId").asText().equals(containerId)) {
                return false;
            }
        }
        for (JsonNode i : fn.path("instances")) {
            if ("READY".equals(i.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    /** deploy/engine.sh: the project's own way to stop and start the engine. */
    static final class Engine {
        static void run(String action) throws Exception {
            Process p = new ProcessBuilder("bash", TestApi.repo().resolve("deploy/engine.sh").toString(), action)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int code = p.waitFor();
            System.out.print("engine restart: engine.sh " + action + ": " + out);
            assertThat(code).as("deploy/engine.sh " + action + ": " + out).isZero();
        }
    }
}
