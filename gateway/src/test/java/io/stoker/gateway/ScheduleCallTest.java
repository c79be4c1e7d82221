package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A schedule on the real platform: {@code @every 2s} on a function built from source, each tick an async call
 * through the real broker to a real container, which sees the tick's CloudEvent; ticks come every period, the
 * first within one period of the schedule being held here, and describe shows the last call's status.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@WithTestResource(KafkaBrokerResource.class)
class ScheduleCallTest {

    static final String FUNCTION = "schedule-ticks";

    /** The test function with these lines added to its stoker.yaml, in a folder of its own. */
    static Path ticksFunction(String name, String triggers) throws Exception {
        Path folder = TestFunctions.renamed(TestApi.repo().resolve("gateway/src/test/resources/functions/schedule-ticks"), name);
        Files.writeString(folder.resolve("stoker.yaml"), Files.readString(folder.resolve("stoker.yaml")) + triggers);
        return folder;
    }

    /** What the function saw: one object per tick. */
    static List<JsonNode> ticks(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(TestApi.readJson(line));
            }
        }
        return out;
    }

    @Test
    void everyTwoSecondsReachesTheFunctionAsACloudEventWithinItsPeriod() throws Exception {
        TestApi.deployReady(FUNCTION, ticksFunction(FUNCTION, """
                triggers:
                  schedule:
                    - cron: "@every 2s"
                      path: /tick
                      body: '{"job": "sweep"}'
                      overlap: allow
                """));
        Awaitility.await().alias("the schedule is held here").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> TestApi.describe(FUNCTION).path("schedules").path(0).path("firedHere").asBoolean());
        Instant held = Instant.now();
        Awaitility.await().alias("four ticks reached the function").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ticks(given().get("/function/" + FUNCTION + "/ticks").asString()).size() >= 4);
        List<JsonNode> seen = ticks(given().get("/function/" + FUNCTION + "/ticks").asString());
        Instant first = seen.stream().map(t -> Instant.parse(t.path("ce-time").asText())).min(Instant::compareTo)
                .orElseThrow();
        assertThat(first).as("the first tick falls within a period of the schedule being held")
                .isBefore(held.plusSeconds(2));
        List<Instant> scheduledTimes = new ArrayList<>();
        for (JsonNode t : seen) {
            assertThat(t.path("ce-type").asText()).isEqualTo("io.stoker.schedule.tick");
            assertThat(t.path("ce-specversion").asText()).isEqualTo("1.0");
            assertThat(t.path("ce-source").asText()).startsWith("/stoker/schedules/" + FUNCTION + "/");
            assertThat(t.path("body").asText()).isEqualTo("{\"job\": \"sweep\"}");
            assertThat(t.path("content-type").asText()).isEqualTo("application/json");
            Instant scheduled = Instant.parse(t.path("ce-time").asText());
            assertThat(t.path("ce-id").asText()).endsWith("/" + t.path("ce-time").asText());
            assertThat(scheduled.getEpochSecond() % 2).as("@every 2s ticks on even seconds").isZero();
            Instant arrived = Instant.ofEpochMilli((long) (t.path("at").asDouble() * 1000));
            // The async consumer may still be joining its group when the first ticks are written.
            assertThat(Duration.between(scheduled, arrived)).as("a tick's call reaches the function late by at most "
                    + "a generous bound on this busy machine").isLessThan(Duration.ofSeconds(60));
            scheduledTimes.add(scheduled);
        }
        // Async calls may reach the function out of order; fired, they are every period with none left out.
        java.util.Collections.sort(scheduledTimes);
        for (int i = 1; i < scheduledTimes.size(); i++) {
            assertThat(Duration.between(scheduledTimes.get(i - 1), scheduledTimes.get(i)))
                    .as("ticks every period, none left out (overlap: allow)").isEqualTo(Duration.ofSeconds(2));
        }
        Awaitility.await().alias("describe shows the last tick's call succeeded").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "success".equals(TestApi.describe(FUNCTION).path("schedules").path(0).path("last")
                        .path("callStatus").asText()));
        JsonNode s = TestApi.describe(FUNCTION).path("schedules").path(0);
        assertThat(s.path("last").path("outcome").asText()).isEqualTo("fired");
        assertThat(TestApi.api().get("/q/metrics").asString())
                .contains("stoker_schedule_ticks_total{function=\"" + FUNCTION + "\",outcome=\"fired\"}");
        TestApi.api().delete("/v1/functions/" + FUNCTION).then().statusCode(200);
    }
}
