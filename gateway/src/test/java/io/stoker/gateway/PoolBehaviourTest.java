package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The warm pool on the real engine: scale-out past one instance's limit, crashes, deadlines. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class PoolBehaviourTest {

    @Test
    void callsPastOneInstancesLimitAreServedByASecondInstance() {
        ObjectNode spec = TestFunctions.spec("scale-out");
        spec.putObject("limits").put("concurrency", 1);
        spec.putObject("scale").put("min", 0).put("max", 3);
        TestFunctions.put(spec).then().statusCode(201);

        List<CompletableFuture<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> given().get("/function/scale-out/sleep/1500")));
        }
        Set<String> servedBy = new HashSet<>();
        for (CompletableFuture<Response> call : calls) {
            Response r = call.join();
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            servedBy.add(r.header("x-stoker-instance"));
        }
        // At concurrency 1, three overlapping calls cannot share one instance.
        assertThat(servedBy).as("instances that served").hasSizeGreaterThanOrEqualTo(2).doesNotContainNull();
        JsonNode fn = TestApi.describe("scale-out");
        assertThat(fn.path("instances").size()).as(fn.toString()).isGreaterThanOrEqualTo(2);
        assertThat(fn.path("instances").size()).isLessThanOrEqualTo(3);
        TestApi.api().delete("/v1/functions/scale-out").then().statusCode(200);
    }

    @Test
    void killedInstanceFailsItsCallWith502AndTheNextCallSucceeds() {
        ObjectNode spec = TestFunctions.spec("crashy");
        spec.putObject("limits").put("concurrency", 4);
        spec.putObject("scale").put("min", 1).put("max", 2);
        TestFunctions.put(spec).then().statusCode(201);

        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> given().get("/function/crashy/sleep/20000"));
        JsonNode instance = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> busyInstance(TestApi.describe("crashy")), i -> i != null);
        Docker.run("kill", instance.path("containerId").asText());

        Response failed = inFlight.join();
        assertThat(failed.statusCode()).as(failed.asString()).isEqualTo(502);
        assertThat(failed.jsonPath().getString("error")).isIn("instance_failed", "instance_unreachable");
        assertThat(failed.jsonPath().getString("message")).isNotBlank();

        Response next = given().body("after-crash").post("/function/crashy/");
        assertThat(next.statusCode()).as(next.asString()).isEqualTo(200);
        assertThat(next.asString()).contains("after-crash");
        TestApi.api().delete("/v1/functions/crashy").then().statusCode(200);
    }

    @Test
    void aCallPastTheFunctionTimeoutGets504() {
        ObjectNode spec = TestFunctions.spec("slowpoke");
        spec.putObject("limits").put("timeout", "1s");
        TestFunctions.put(spec).then().statusCode(201);

        Response r = given().get("/function/slowpoke/sleep/3000");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.jsonPath().getString("error")).isEqualTo("timeout");
        assertThat(r.jsonPath().getString("message")).contains("slowpoke");
        given().get("/function/slowpoke/").then().statusCode(200);
        TestApi.api().delete("/v1/functions/slowpoke").then().statusCode(200);
    }

    @Test
    void aCallThatCannotConnectToItsInstanceIsServedByAnotherInsteadOfFailing() {
        ObjectNode spec = TestFunctions.spec("unreachable");
        spec.putObject("limits").put("concurrency", 4);
        spec.putObject("scale").put("min", 2).put("max", 2);
        TestFunctions.put(spec).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode instances = TestApi.describe("unreachable").path("instances");
            return instances.size() == 2 && "READY".equals(instances.get(0).path("state").asText())
                    && "READY".equals(instances.get(1).path("state").asText());
        });
        // Still running, but no longer reachable: a connection to it cannot be made.
        String cut = TestApi.describe("unreachable").path("instances").get(0).path("containerId").asText();
        Docker.run("network", "disconnect", "-f", StokerTestResource.NETWORK, cut);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(given().body("call-" + i).post("/function/unreachable/").statusCode());
        }
        assertThat(statuses).as("nothing was sent to the cut instance, so each call waited for the other")
                .containsOnly(200);
        TestApi.api().delete("/v1/functions/unreachable").then().statusCode(200);
    }

    private static JsonNode busyInstance(JsonNode fn) {
        for (JsonNode i : fn.path("instances")) {
            if (i.path("inFlight").asInt() > 0) {
                return i;
            }
        }
        return null;
    }
}
