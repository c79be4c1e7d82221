package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecorder;
import io.stoker.gateway.records.CallRecords;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.StartKind;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Records on the real gateway, engine and broker, in its default store (the embedded SQLite file under the Stoker home):
 * an HTTP call and a Kafka-triggered call each leave a record that the API shows; the API's filters and bad input.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@WithTestResource(KafkaBrokerResource.class)
class RecordsTest {

    @Inject
    CallRecorder recorder;

    @Inject
    CallRecords records;

    @Test
    void anOfferedRecordIsStoredInTheEmbeddedFileUnderTheHome() {
        recorder.offer(new CallRecord("rec-1", "somefn", null, Trigger.ASYNC, CallStatus.ACCEPTED, 0, 1_000, 0, 0,
                0, StartKind.NONE, 0, null, 0, null, Map.of("content-type", "text/plain"), "hi".getBytes()));
        Awaitility.await().alias("the record written").atMost(Duration.ofSeconds(30))
                .until(() -> records.find("rec-1").isPresent());
        assertThat(records.find("rec-1").orElseThrow().status()).isEqualTo(CallStatus.ACCEPTED);
        assertThat(Files.exists(TestApi.home.resolve("records/calls.sqlite"))).isTrue();
        JsonNode one = TestApi.readJson(TestApi.api().get("/v1/invocations/rec-1").then().statusCode(200)
                .extract().asString());
        assertThat(one.path("result").path("body").asText()).isEqualTo("hi");
        assertThat(one.path("result").path("headers").path("content-type").asText()).isEqualTo("text/plain");
    }

    @Test
    void anHttpCallAndAKafkaCallEachHaveARecordSeenThroughTheApi() throws Exception {
        String topic = "records-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaClients.createTopics(1, topic);
        ObjectNode spec = TestFunctions.spec("recorded");
        TestFunctions.put(spec).then().statusCode(201);

        Response http = given().body("hello").post("/function/recorded/");
        assertThat(http.statusCode()).isEqualTo(200);
        String id = http.header("x-stoker-invocation-id");
        Awaitility.await().alias("the HTTP call's record").atMost(Duration.ofSeconds(30))
                .until(() -> TestApi.api().get("/v1/invocations/" + id).statusCode() == 200);
        JsonNode call = TestApi.readJson(TestApi.api().get("/v1/invocations/" + id).asString());
        assertThat(call.path("function").asText()).isEqualTo("recorded");
        assertThat(call.path("trigger").asText()).isEqualTo("http");
        assertThat(call.path("status").asText()).isEqualTo("success");
        assertThat(call.path("httpStatus").asInt()).isEqualTo(200);
        // A deploy waits until one instance answers: the first call finds it warm (CallPathTest sees a cold one).
        assertThat(call.path("startKind").asText()).isEqualTo("warm");
        assertThat(call.path("startTookMs").asDouble()).isZero();
        assertThat(call.path("instance").asText()).isEqualTo(http.header("x-stoker-instance"));
        assertThat(call.path("specHash").asText()).isNotBlank();
        assertThat(call.path("arrival").asText()).endsWith("Z");

        spec.putObject("triggers").putArray("kafka").add(KafkaTriggerTest.trigger(topic));
        TestFunctions.put(spec).then().statusCode(200);
        try (KafkaProducer<String, String> producer = KafkaClients.producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "from kafka")).get();
        }
        Awaitility.await().alias("the Kafka call's record").atMost(Duration.ofSeconds(90))
                .until(() -> list("?function=recorded&trigger=kafka").path("invocations").size() == 1);
        JsonNode kafka = list("?function=recorded&trigger=kafka").path("invocations").get(0);
        assertThat(kafka.path("status").asText()).isEqualTo("success");
        assertThat(kafka.path("startKind").asText()).isIn("cold", "warm"); // the trigger may have started one first
        assertThat(kafka.path("specHash").asText()).as("the version with the trigger")
                .isNotEqualTo(call.path("specHash").asText());

        JsonNode both = list("?function=recorded&since=10m");
        assertThat(both.path("invocations")).hasSize(2);
        assertThat(both.path("invocations").get(0).path("trigger").asText()).as("newest first").isEqualTo("kafka");
        JsonNode paged = list("?function=recorded&limit=1");
        assertThat(paged.path("invocations")).hasSize(1);
        JsonNode second = list("?function=recorded&limit=1&cursor=" + paged.path("next").asText());
        assertThat(second.path("invocations").get(0).path("id").asText()).isEqualTo(id);
        assertThat(second.path("next").isNull()).isTrue();
        assertThat(list("?function=recorded&status=timeout").path("invocations")).isEmpty();
        assertThat(TestApi.api().get("/q/metrics").asString()).contains("stoker_records_written_total")
                .contains("stoker_records_dropped_total");
        TestApi.api().delete("/v1/functions/recorded").then().statusCode(200);
    }

    @Test
    void badFiltersAre400sThatSayWhatIsWrongAndTheTokenIsNeeded() {
        assertBad("?status=fine", "status 'fine' is not one of");
        assertBad("?trigger=pigeon", "trigger 'pigeon' is not one of");
        assertBad("?since=yesterday", "since 'yesterday'");
        assertBad("?limit=0", "limit must be between 1 and 1000");
        assertBad("?cursor=%25%25", "is not a cursor");
        Response missing = TestApi.api().get("/v1/invocations/no-such-call");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.jsonPath().getString("error")).isEqualTo("invocation_not_found");
        assertThat(given().get("/v1/invocations").statusCode()).isEqualTo(401);
    }

    private static void assertBad(String query, String message) {
        Response r = TestApi.api().get("/v1/invocations" + query);
        assertThat(r.statusCode()).as(query).isEqualTo(400);
        assertThat(r.jsonPath().getString("error")).isEqualTo("invalid_parameter");
        assertThat(r.jsonPath().getString("message")).contains(message);
    }

    private static JsonNode list(String query) {
        return TestApi.readJson(TestApi.api().get("/v1/invocations" + query).then().statusCode(200).extract()
                .asString());
    }
}
