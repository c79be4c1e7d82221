package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stoker.runtime.engine.LocalRegistry;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Images through a real registry (Debian's docker-registry, started by deploy/registry.sh), once without and once
 * with basic auth: a function built and pushed here runs by digest, and again after its local image is gone (the
 * gateway pulls it); a missing tag and refused credentials are plain 4xx answers that change nothing.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class RegistryTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void withoutAuthAFunctionPushedOnDeployRunsByDigestAndIsPulledBackOnceItsImageIsGone() {
        try (LocalRegistry registry = LocalRegistry.open("gw-open-" + ProcessHandle.current().pid())) {
            String repo = registry.host() + "/stoker-test/reg-open-" + RUN;
            List<JsonNode> events = deployPushing("reg-open", repo);
            JsonNode pushed = event(events, "pushed");
            String digest = pushed.path("digest").asText();
            assertThat(digest).matches("sha256:[a-f0-9]{64}");
            assertThat(pushed.path("reference").asText()).isEqualTo(repo + "@" + digest);
            JsonNode fn = ready(events);
            assertThat(fn.path("image").asText()).as("deployed by digest").isEqualTo(repo + "@" + digest);
            assertThat(fn.path("digest").asText()).isEqualTo(digest);
            answers("reg-open");

            // The local image goes; a function naming the same digest makes the gateway pull it, with progress.
            removeFunctionAndImage("reg-open", repo + "@" + digest);
            List<JsonNode> pulled = putStreaming("reg-pulled", repo + "@" + digest);
            assertThat(pulled).anySatisfy(e -> assertThat(e.path("message").asText()).startsWith("Pulling from"));
            assertThat(ready(pulled).path("image").asText()).isEqualTo(repo + "@" + digest);
            answers("reg-pulled");

            // A tag the registry does not have: a plain 400 naming the reference, with or without streaming.
            String missing = repo + ":no-such-tag";
            Response plain = TestApi.api().contentType("application/json").body("{\"image\":\"" + missing + "\"}")
                    .put("/v1/functions/reg-pulled");
            assertRegistryError(plain, 400, "image_not_found", missing);
            Response streamed = TestApi.api().contentType("application/json").accept("application/x-ndjson")
                    .body("{\"image\":\"" + missing + "\"}").put("/v1/functions/reg-pulled");
            assertRegistryError(streamed, 400, "image_not_found", missing);
            assertThat(TestApi.describe("reg-pulled").path("image").asText()).isEqualTo(repo + "@" + digest);
            answers("reg-pulled");

            // stoker push: the same bytes under another tag have the same digest.
            List<JsonNode> again = TestApi.events(TestApi.api().contentType("application/json")
                    .body("{\"repository\":\"" + registry.host() + "/stoker-test/again-" + RUN + ":v2\"}")
                    .post("/v1/functions/reg-pulled/push"));
            assertThat(event(again, "pushed").path("digest").asText()).isEqualTo(digest);
            TestApi.api().delete("/v1/functions/reg-pulled").then().statusCode(200);
        } finally {
            removeImagesOf("reg-open", "reg-pulled");
        }
    }

    @Test
    void withAuthTheStoredLoginPullsAndPushesAndARefusedOneChangesNothing() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        try (LocalRegistry registry = LocalRegistry.locked("gw-locked-" + ProcessHandle.current().pid(), "stoker",
                password)) {
            String host = registry.host();
            String repo = host + "/stoker-test/reg-locked-" + RUN;
            // A wrong password is refused by the registry and not stored.
            Response refused = login(host, "stoker", password + "-wrong");
            assertRegistryError(refused, 400, "registry_denied", host);
            assertThat(registries()).doesNotContain(host);

            login(host, "stoker", password).then().statusCode(201);
            String listed = TestApi.api().get("/v1/registries").then().statusCode(200).extract().asString();
            assertThat(listed).contains(host).contains("stoker").doesNotContain(password);
            Path file = TestApi.home.resolve("registries.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            List<JsonNode> events = deployPushing("reg-locked", repo);
            String digest = event(events, "pushed").path("digest").asText();
            JsonNode fn = ready(events);
            assertThat(fn.path("image").asText()).isEqualTo(repo + "@" + digest);
            assertThat(fn.toString()).as("never in the function object").doesNotContain(password);
            answers("reg-locked");

            removeFunctionAndImage("reg-locked", repo + "@" + digest);
            List<JsonNode> pulled = putStreaming("reg-locked", repo + "@" + digest);
            assertThat(pulled).anySatisfy(e -> assertThat(e.path("message").asText()).startsWith("Pulling from"));
            answers("reg-locked");

            // Without the login the registry refuses the pull: a plain 400, and the version before still answers.
            TestApi.api().delete("/v1/registries/" + host).then().statusCode(200);
            assertThat(registries()).doesNotContain(host);
            String tagged = event(events, "pushed").path("target").asText();
            // The tag went with the local image, and the pull by digest did not bring it back: a PUT naming it pulls.
            assertThatThrownBy(() -> Docker.run("image", "inspect", tagged)).isInstanceOf(IllegalStateException.class);
            Response denied = TestApi.api().contentType("application/json").body("{\"image\":\"" + tagged + "\"}")
                    .put("/v1/functions/reg-locked");
            assertRegistryError(denied, 400, "registry_denied", tagged);
            assertThat(TestApi.describe("reg-locked").path("image").asText()).isEqualTo(repo + "@" + digest);
            answers("reg-locked");
            TestApi.api().delete("/v1/registries/" + host).then().statusCode(404);
            TestApi.api().delete("/v1/functions/reg-locked").then().statusCode(200);
        } finally {
            removeImagesOf("reg-locked");
        }
    }

    /**
     * Removes the images this run left (pulled and pushed copies, named after its registries' hosts and its run id),
     * once the functions' containers are gone, so runs do not pile images up in the engine.
     */
    private static void removeImagesOf(String... functions) {
        for (String fn : functions) {
            TestApi.api().delete("/v1/functions/" + fn);
            await().alias("the containers of " + fn + " are removed").atMost(Duration.ofSeconds(60))
                    .until(() -> Docker.run("ps", "-aq", "--filter", "label=stoker.function=" + fn,
                            "--filter", "label=stoker.network=" + StokerTestResource.NETWORK).isBlank());
        }
        for (String line : Docker.run("images", "--format", "{{.Repository}} {{.ID}}").split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 2 && parts[0].startsWith("127.0.0.1:") && parts[0].endsWith("-" + RUN)) {
                try {
                    Docker.run("rmi", "-f", parts[1]);
                } catch (IllegalStateException alreadyGone) {
                    // two names of one image: the first removal took both
                }
            }
        }
    }

    private static List<JsonNode> deployPushing(String name, String repo) {
        io.restassured.config.RestAssuredConfig config = io.restassured.RestAssured.config();
        return TestApi.events(TestApi.api().config(config.httpClient(config.getHttpClientConfig()
                        .setParam("http.socket.timeout", 600_000)))
                .queryParam("push", repo)
                .contentType("application/gzip").body(TestApi.tarGz(TestFunctions.renamed("python-hello", name)))
                .post("/v1/functions/" + name + "/source"));
    }

    private static List<JsonNode> putStreaming(String name, String image) {
        return TestApi.events(TestApi.api().contentType("application/json").accept("application/x-ndjson")
                .body("{\"image\":\"" + image + "\"}").put("/v1/functions/" + name));
    }

    private static Response login(String host, String user, String password) {
        return TestApi.api().contentType("application/json")
                .body("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")
                .put("/v1/registries/" + host);
    }

    private static String registries() {
        return TestApi.api().get("/v1/registries").then().statusCode(200).extract().asString();
    }

    /** Deletes the function, waits for its containers to go, and removes its image from the engine. */
    private static void removeFunctionAndImage(String name, String image) {
        String id = Docker.run("image", "inspect", "--format", "{{.Id}}", image);
        TestApi.api().delete("/v1/functions/" + name).then().statusCode(200);
        await().alias("the containers of " + name + " are removed").atMost(Duration.ofSeconds(60))
                .until(() -> Docker.run("ps", "-aq", "--filter", "label=stoker.function=" + name,
                        "--filter", "label=stoker.network=" + StokerTestResource.NETWORK).isBlank());
        Docker.run("rmi", "-f", id);
        assertThatThrownBy(() -> Docker.run("image", "inspect", image)).as("the local image is gone")
                .isInstanceOf(IllegalStateException.class);
    }

    private static void answers(String name) {
        given().body("hello").post("/function/" + name + "/").then().statusCode(200);
    }

    private static JsonNode event(List<JsonNode> events, String kind) {
        return events.stream().filter(e -> kind.equals(e.path("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " event in " + events));
    }

    private static JsonNode ready(List<JsonNode> events) {
        JsonNode last = TestApi.last(events);
        if (!"ready".equals(last.path("event").asText())) {
            throw new AssertionError("did not end ready: " + events);
        }
        return last.path("function");
    }

    private static void assertRegistryError(Response r, int status, String code, String image) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = TestApi.readJson(r.asString());
        assertThat(body.path("error").asText()).isEqualTo(code);
        assertThat(body.path("image").asText()).isEqualTo(image);
        assertThat(body.path("message").asText()).contains(image);
    }
}
