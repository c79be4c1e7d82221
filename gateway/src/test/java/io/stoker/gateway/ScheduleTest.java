package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Schedules on the real gateway, engine and broker: a bad one is refused naming its key; a deployed one is held by
 * this gateway (the schedule topic's only member), ticks, and describe shows its next tick and its last one.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@WithTestResource(KafkaBrokerResource.class)
class ScheduleTest {

    private static ObjectNode scheduled(String name, String cron) {
        ObjectNode spec = TestFunctions.spec(name);
        spec.putObject("triggers").putArray("schedule").addObject().put("cron", cron).put("path", "/tick")
                .put("body", "tick");
        return spec;
    }

    @Test
    void aBadScheduleIs400NamingItsKeyAndNothingIsDeployed() {
        Response refused = TestFunctions.put(scheduled("sched-bad", "*/61 * * * *"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.asString()).contains("triggers.schedule[0].cron").contains("five-field cron");
        assertThat(TestApi.api().get("/v1/functions/sched-bad").statusCode()).isEqualTo(404);
        ObjectNode zone = scheduled("sched-bad", "@daily");
        ((ObjectNode) zone.get("triggers").get("schedule").get(0)).put("timezone", "Europe/Nowhere");
        assertThat(TestFunctions.put(zone).asString()).contains("triggers.schedule[0].timezone");
    }

    @Test
    void describeShowsTheNextTickAndWhatBecameOfTheLast() {
        TestFunctions.put(scheduled("sched-describe", "@every 2s")).then().statusCode(201);
        Awaitility.await().alias("the schedule is held here and has ticked").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode s = schedule("sched-describe");
                    return s.path("firedHere").asBoolean() && !s.path("last").path("scheduled").isNull()
                            && !s.path("last").path("outcome").isNull();
                });
        JsonNode s = schedule("sched-describe");
        assertThat(s.path("cron").asText()).isEqualTo("@every 2s");
        assertThat(s.path("timezone").asText()).isEqualTo("UTC");
        assertThat(s.path("overlap").asText()).isEqualTo("skip");
        assertThat(s.path("missed").asText()).isEqualTo("skip");
        Instant next = Instant.parse(s.path("next").asText());
        Instant last = Instant.parse(s.path("last").path("scheduled").asText());
        assertThat(Duration.between(last, next)).as("@every 2s: the next tick after the last")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(next.getEpochSecond() % 2).as("aligned to the epoch").isZero();
        String outcome = s.path("last").path("outcome").asText();
        assertThat(TestApi.api().get("/q/metrics").asString()).contains(
                "stoker_schedule_ticks_total{function=\"sched-describe\",outcome=\"" + outcome + "\"}");
        TestApi.api().delete("/v1/functions/sched-describe").then().statusCode(200);
    }

    private static JsonNode schedule(String function) {
        return TestApi.readJson(TestApi.api().get("/v1/functions/" + function).asString()).path("schedules").path(0);
    }
}
