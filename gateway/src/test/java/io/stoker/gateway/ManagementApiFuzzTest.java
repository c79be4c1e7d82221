package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stoker.runtime.fuzz.Fuzz;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Property, against the real gateway: whatever JSON (or not-JSON) body a PUT of a function carries, the answer is 2xx,
 * or 4xx with a JSON {@code error} and a {@code message} saying what is wrong; never 5xx, never a hang; and after a
 * refusal the function is exactly as before. A fresh seed each run (printed on failure).
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class ManagementApiFuzzTest {

    private static final int TRIES = 150;
    private static final String NAME = "fuzzed";
    private static final List<String> KEYS = List.of("name", "template", "handler", "image", "port", "env", "user",
            "limits", "scale", "readiness", "build", "memory", "cpu", "timeout", "concurrency", "rate", "burst", "min",
            "max", "idle", "target", "window", "standby", "path", "args");

    @Test
    void anyBodyIsAnsweredWith2xxOr4xxNamingTheProblemAndARefusalChangesNothing() throws Throwable {
        // The python example's image, local once built: no try waits on a registry.
        String image = TestFunctions.pythonImage();
        ObjectNode valid = (ObjectNode) TestApi.JSON.readTree("""
                {"name": "fuzzed", "image": "%s", "env": {"A": "1"},
                 "limits": {"memory": "64Mi", "cpu": 0.5, "timeout": "10s", "concurrency": 2, "rate": "10/s"},
                 "scale": {"min": 0, "max": 2, "idle": "1m"}, "build": {"args": {"V": "1"}}}
                """.formatted(image));
        assertThat(put(valid.toString()).statusCode()).isIn(200, 201);
        JsonNode before = current();
        try (Fuzz fuzz = new Fuzz(Fuzz.seed())) {
            for (int i = 0; i < TRIES; i++) {
                String body = body(fuzz, valid, image);
                String what = "try " + i + " (seed " + fuzz.seed + "): " + abbreviate(body);
                Response answer = fuzz.bounded(Duration.ofSeconds(60), what, () -> put(body));
                int status = answer.statusCode();
                assertThat(status).as(what + " answered " + answer.asString()).isBetween(200, 499);
                if (status >= 400) {
                    JsonNode error = TestApi.JSON.readTree(answer.asString());
                    assertThat(error.path("error").asText()).as(what).isNotBlank();
                    assertThat(error.path("message").asText()).as(what).isNotBlank();
                    assertThat(current()).as(what + ": refused, so unchanged").isEqualTo(before);
                } else {
                    before = current();
                }
            }
        } finally {
            TestApi.api().delete("/v1/functions/" + NAME);
        }
    }

    /** Mostly a mutated valid spec (its image kept local), else damaged JSON, a non-object, or nothing. */
    private static String body(Fuzz fuzz, ObjectNode valid, String image) {
        int kind = fuzz.random.nextInt(10);
        if (kind < 7) {
            ObjectNode mutated = fuzz.mutate(valid, KEYS);
            if (fuzz.chance(0.9)) {
                mutated.put("image", image);
            }
            return mutated.toString();
        }
        return switch (kind) {
            case 7 -> fuzz.damage(valid.toString());
            case 8 -> fuzz.value(2).toString();
            default -> fuzz.chance(0.5) ? "" : fuzz.string();
        };
    }

    private static Response put(String body) {
        return TestApi.api().contentType("application/json").body(body).put("/v1/functions/" + NAME);
    }

    /** What a refused update must leave alone: the spec and when it last changed. */
    private static JsonNode current() throws Exception {
        JsonNode fn = TestApi.JSON.readTree(TestApi.api().get("/v1/functions/" + NAME).asString());
        ObjectNode kept = TestApi.JSON.createObjectNode();
        kept.set("spec", fn.get("spec"));
        kept.set("updatedAt", fn.get("updatedAt"));
        return kept;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
