package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecorder;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.StartKind;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The gateway with stoker.records.postgres.url set: its records go to PostgreSQL (a cluster deploy/postgres.sh
 * started), migrated by the gateway's Flyway at start, and no embedded file is made.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@WithTestResource(PostgresStoreResource.class)
class RecordsOnPostgresTest {

    @Inject
    CallRecorder recorder;

    @Test
    void recordsGoToPostgresqlAndTheApiReadsThem() {
        recorder.offer(new CallRecord("pg-1", "somefn", "sha256:abc", Trigger.KAFKA, CallStatus.FUNCTION_ERROR, 500,
                1_000, 1_100, 2_000, 100, StartKind.RESUME, 50, "inst-1", 1, "it failed", Map.of(), null));
        Awaitility.await().alias("the record stored").atMost(Duration.ofSeconds(30))
                .until(() -> TestApi.api().get("/v1/invocations/pg-1").statusCode() == 200);
        JsonNode page = TestApi.readJson(TestApi.api().get("/v1/invocations?status=function_error&trigger=kafka")
                .then().statusCode(200).extract().asString());
        assertThat(page.path("invocations").get(0).path("id").asText()).isEqualTo("pg-1");
        assertThat(page.path("invocations").get(0).path("startKind").asText()).isEqualTo("resume");
        assertThat(Files.exists(TestApi.home.resolve("records/calls.sqlite"))).as("no embedded store").isFalse();
    }
}
