package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Secrets on the real gateway and engine: a function reads its secret as a read-only 0400 file of its own user on a
 * tmpfs; the value is in no API answer, no gateway log line, no {@code docker inspect} of the instance, not in its
 * environment and not on disk in the clear; an update rolls the function onto the new value; a deploy naming a
 * missing secret is a 400; a secret in use cannot be deleted.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class SecretsTest {

    private static final Path PROBE = TestApi.repo().resolve("gateway/src/test/resources/functions/secret-probe");

    @Test
    void aSecretReachesItsFunctionAsAFileAndNowhereElse() throws Exception {
        String value = "s3cret-" + UUID.randomUUID();
        String newValue = "rotated-" + UUID.randomUUID();
        List<String> answers = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            Response created = TestApi.api().contentType("application/json").body(data("password", value))
                    .post("/v1/secrets/probe-db");
            assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
            answers.add(created.asString());
            assertThat(created.jsonPath().getList("keys")).containsExactly("password");
            Response again = TestApi.api().contentType("application/json").body(data("password", value))
                    .post("/v1/secrets/probe-db");
            assertThat(again.statusCode()).isEqualTo(409);

            Response missing = TestFunctions.put(TestFunctions.spec("no-secret").set("secrets",
                    TestApi.JSON.createArrayNode().add("nope")));
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.jsonPath().getString("key")).isEqualTo("secrets");
            assertThat(missing.jsonPath().getString("message")).contains("'nope'").contains("stoker secret create");

            JsonNode fn = TestApi.deployReady("secret-probe", PROBE);
            answers.add(fn.toString());
            JsonNode seen = call("/secret?name=probe-db&key=password", answers);
            assertThat(seen.path("sha256").asText()).isEqualTo(sha(value));
            assertThat(seen.path("mode").asText()).isEqualTo("400");
            assertThat(seen.path("uid").asInt()).isEqualTo(seen.path("myUid").asInt()).isNotZero();
            assertThat(seen.path("fstype").asText()).isEqualTo("tmpfs");
            assertThat(seen.path("readOnly").asBoolean()).isTrue();
            assertThat(seen.path("writable").asBoolean()).isFalse();
            JsonNode env = call("/env", answers);
            assertThat(env.path("sha256").toString()).doesNotContain(sha(value));

            String containerId = TestApi.describe("secret-probe").path("instances").get(0).path("containerId").asText();
            String inspect = Docker.run("inspect", containerId);
            assertThat(inspect).doesNotContain(value).doesNotContain(b64(value));
            assertThat(Docker.inspect(containerId).path("Config").path("Env").toString()).doesNotContain("probe-db");

            answers.add(TestApi.api().get("/v1/functions/secret-probe").asString());
            answers.add(TestApi.api().get("/v1/functions").asString());
            answers.add(TestApi.api().get("/v1/secrets").asString());
            answers.add(TestApi.api().get("/v1/secrets/probe-db").asString());
            answers.add(TestApi.api().get("/v1/functions/secret-probe/logs").asString());
            assertThat(TestApi.api().get("/v1/secrets/probe-db").jsonPath().getList("usedBy"))
                    .containsExactly("secret-probe");

            Response deleteInUse = TestApi.api().delete("/v1/secrets/probe-db");
            assertThat(deleteInUse.statusCode()).isEqualTo(409);
            assertThat(deleteInUse.asString()).contains("secret-probe");

            Response updated = TestApi.api().contentType("application/json").body(data("password", newValue))
                    .put("/v1/secrets/probe-db");
            assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
            answers.add(updated.asString());
            assertThat(updated.jsonPath().getString("rolled.secret-probe")).isEqualTo("rolled");
            assertThat(call("/secret?name=probe-db&key=password", answers).path("sha256").asText())
                    .isEqualTo(sha(newValue));
            String newContainer = TestApi.describe("secret-probe").path("instances").get(0).path("containerId").asText();
            assertThat(newContainer).isNotEqualTo(containerId);
            assertThat(Docker.run("inspect", newContainer)).doesNotContain(newValue).doesNotContain(b64(newValue));

            Path sealed = TestApi.home.resolve("secrets/probe-db.sealed");
            byte[] onDisk = Files.readAllBytes(sealed);
            assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain(newValue)
                    .doesNotContain(b64(newValue));
            assertThat(Files.getPosixFilePermissions(TestApi.home.resolve("secret.key")))
                    .extracting(Enum::name).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

            TestApi.api().delete("/v1/functions/secret-probe").then().statusCode(200);
            TestApi.api().delete("/v1/secrets/probe-db").then().statusCode(200);
            Awaitility.await().alias("the version's secret files go once its instances are gone")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> noSecretFilesLeft());

            for (String answer : answers) {
                assertThat(answer).doesNotContain(value).doesNotContain(b64(value)).doesNotContain(newValue)
                        .doesNotContain(b64(newValue));
            }
            assertThat(log.lines()).noneMatch(l -> l.contains(value) || l.contains(newValue)
                    || l.contains(b64(value)) || l.contains(b64(newValue)));
        }
    }

    private static boolean noSecretFilesLeft() throws java.io.IOException {
        Path root = io.stoker.gateway.secrets.HostSecretFiles.defaultDir(TestApi.home.toString());
        if (!Files.exists(root)) {
            return true;
        }
        try (var dirs = Files.list(root)) {
            return dirs.noneMatch(d -> d.getFileName().toString().startsWith("secret-probe-"));
        }
    }

    private static JsonNode call(String path, List<String> answers) {
        Response r = io.restassured.RestAssured.given().get("/function/secret-probe" + path);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        answers.add(r.asString());
        return TestApi.readJson(r.asString());
    }

    static String data(String key, String value) {
        return "{\"data\": {\"" + key + "\": \"" + b64(value) + "\"}}";
    }

    static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    static String sha(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
