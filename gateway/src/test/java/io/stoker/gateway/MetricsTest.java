package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Stoker's own metrics on /q/metrics, after real calls on the real engine. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class MetricsTest {

    @Test
    void prometheusCarriesStokersMetrics() {
        ObjectNode spec = TestFunctions.spec("metered");
        spec.putObject("scale").put("min", 1).put("standby", 1).put("pauseAfter", "1s");
        TestFunctions.put(spec).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            given().body("m" + i).post("/function/metered/").then().statusCode(200);
        }
        given().get("/function/metered/status/500").then().statusCode(500);

        // The control loop ticks once a second; the standby instance is paused after pauseAfter.
        Awaitility.await().alias("stoker's meters after six calls").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics)
                    .contains("stoker_invocations_total{function=\"metered\",outcome=\"success\",trigger=\"http\"} 5.0")
                    .contains("stoker_invocations_total{function=\"metered\",outcome=\"server_error\",trigger=\"http\"} 1.0")
                    .contains("stoker_invocation_duration_seconds_bucket{function=\"metered\",trigger=\"http\"")
                    .contains("stoker_invocation_duration_seconds_count{function=\"metered\",trigger=\"http\"} 6.0")
                    .contains("stoker_instance_starts_total{function=\"metered\",kind=\"cold\"}")
                    .contains("stoker_instance_start_seconds_count{function=\"metered\",kind=\"cold\"}")
                    .contains("stoker_instances{function=\"metered\",state=\"paused\"} 1.0")
                    .contains("stoker_queue_depth{function=\"metered\"} 0.0")
                    .contains("stoker_inflight{function=\"metered\"} 0.0")
                    .contains("stoker_autoscaler_desired{function=\"metered\"}")
                    .contains("stoker_autoscaler_panic{function=\"metered\"} 0.0")
                    .contains("stoker_autoscaler_concurrency{function=\"metered\"}");
        });
        // A call on a standby-only pool resumes: counted apart from cold starts.
        TestApi.api().get("/v1/functions/metered").then().statusCode(200);
        TestApi.api().delete("/v1/functions/metered").then().statusCode(200);
        String after = given().get("/q/metrics").then().extract().asString();
        assertThat(after).doesNotContain("stoker_queue_depth{function=\"metered\"}")
                .doesNotContain("stoker_invocations_total{function=\"metered\"")
                .doesNotContain("stoker_instance_starts_total{function=\"metered\"")
                .doesNotContain("stoker_instance_start_seconds_count{function=\"metered\"");
        Awaitility.await().alias("autoscaler gauges gone at the next control tick").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(given().get("/q/metrics").then().extract().asString())
                        .doesNotContain("stoker_autoscaler_desired{function=\"metered\"}")
                        .doesNotContain("stoker_autoscaler_concurrency{function=\"metered\"}"));
    }

    @Test
    void oneControlThreadSizesThePools() {
        List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
        assertThat(threads).contains("stoker-control")
                .doesNotContain("stoker-autoscaler", "stoker-trigger-status");
    }
}
