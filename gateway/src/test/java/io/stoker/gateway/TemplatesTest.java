package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each template's example, built from source through the gateway and run on the real engine. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class TemplatesTest {

    @ParameterizedTest
    @ValueSource(strings = {"java-hello", "node-hello", "python-hello", "dockerfile-hello"})
    void exampleDeploysFromSourceAndAnswers(String example) {
        JsonNode fn = TestApi.deployReady(example, TestApi.example(example));
        assertThat(fn.path("image").asText()).startsWith("stoker-fn/" + example + ":");
        assertThat(fn.path("instances")).isNotEmpty();

        Response echo = given().body("ping-" + example).post("/function/" + example + "/some/path?x=1");
        assertThat(echo.statusCode()).as(echo.asString()).isEqualTo(200);
        assertThat(echo.asString()).contains("ping-" + example);
        assertThat(echo.header("x-stoker-invocation-id")).isNotBlank();

        // The function's own 5xx passes through unchanged.
        Response failing = given().get("/function/" + example + "/status/503");
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.asString()).doesNotContain("\"error\":\"instance_failed\"");

        String containerId = fn.path("instances").get(0).path("containerId").asText();
        TestApi.api().delete("/v1/functions/" + example).then().statusCode(200);
        given().get("/function/" + example).then().statusCode(404);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(Docker.run("ps", "-aq", "--no-trunc", "--filter", "id=" + containerId)).isEmpty());
    }
}
