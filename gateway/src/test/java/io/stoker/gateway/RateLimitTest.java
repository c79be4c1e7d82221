package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code limits.rate} on the real gateway and engine: calls past the burst get 429 with Retry-After, counted. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class RateLimitTest {

    @Test
    void callsPastTheBurstAre429WithRetryAfterAndTheRatePassesAgainLater() {
        ObjectNode spec = TestFunctions.spec("rate-limited");
        spec.putObject("limits").put("rate", "1/s").put("burst", 2);
        TestFunctions.put(spec).then().statusCode(201);

        assertThat(given().get("/function/rate-limited/").statusCode()).isEqualTo(200);
        assertThat(given().get("/function/rate-limited/").statusCode()).isEqualTo(200);
        Response refused = given().get("/function/rate-limited/");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isEqualTo("1");
        assertThat(refused.jsonPath().getString("error")).isEqualTo("rate_limited");
        assertThat(refused.jsonPath().getString("message")).contains("1/s").contains("burst 2");
        assertThat(TestApi.api().get("/q/metrics").asString())
                .contains("stoker_invocations_total{function=\"rate-limited\",outcome=\"rate_limited\",trigger=\"http\"}");

        Awaitility.await().alias("a call passes again once an interval went by").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/function/rate-limited/").statusCode() == 200);

        ObjectNode bad = TestFunctions.spec("rate-limited");
        bad.putObject("limits").put("rate", "lots");
        Response refusedSpec = TestFunctions.put(bad);
        assertThat(refusedSpec.statusCode()).isEqualTo(400);
        assertThat(refusedSpec.asString()).contains("limits.rate");
        TestApi.api().delete("/v1/functions/rate-limited").then().statusCode(200);
    }
}
