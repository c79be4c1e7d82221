package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A restarted gateway serves the same functions from the same warm containers, and removes the
 * containers of functions it no longer has.
 */
class GatewayRestartIT {

    @Test
    void functionsAndWarmContainersComeBackAfterARestart() throws Exception {
        Path home = GatewayProcess.newHome("restart");
        String kept;
        String orphan;
        try (GatewayProcess first = GatewayProcess.start(home, 18091)) {
            kept = deployFromSource(first, "restart-py");
            orphan = deployFromSource(first, "orphan-py");
            assertThat(invoke(first, "restart-py", "before").body()).contains("before");
        }
        // Shutdown leaves containers running, for the next gateway to adopt.
        assertThat(running(kept)).isTrue();
        assertThat(running(orphan)).isTrue();
        // orphan-py disappears from the registry while the gateway is down.
        Files.delete(home.resolve("functions/orphan-py.json"));

        try (GatewayProcess second = GatewayProcess.start(home, 18091)) {
            JsonNode fn = TestApi.readJson(second.get("/v1/functions/restart-py").body());
            assertThat(fn.path("instances").findValuesAsText("containerId")).contains(kept);
            HttpResponse<String> after = invoke(second, "restart-py", "after");
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.body()).contains("after");
            assertThat(second.get("/v1/functions/orphan-py").statusCode()).isEqualTo(404);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !exists(orphan));
            second.send(HttpRequest.newBuilder(second.uri("/v1/functions/restart-py")).DELETE());
        } finally {
            Docker.removeContainersOn("stoker-restart-test");
        }
    }

    private static String deployFromSource(GatewayProcess gateway, String name) throws Exception {
        Path folder = TestFunctions.renamed("python-hello", name);
        // min 1 so an instance stays up across the restart whatever the idle setting
        Path yaml = folder.resolve("stoker.yaml");
        Files.writeString(yaml, Files.readString(yaml).replaceAll("(?m)^  min: .*$", "  min: 1"));
        HttpResponse<String> r = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/functions/" + name + "/source"))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestApi.tarGz(folder))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String[] lines = r.body().trim().split("\n");
        JsonNode last = TestApi.readJson(lines[lines.length - 1]);
        assertThat(last.path("event").asText()).as(r.body()).isEqualTo("ready");
        return last.path("function").path("instances").get(0).path("containerId").asText();
    }

    private static HttpResponse<String> invoke(GatewayProcess gateway, String name, String body) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/function/" + name + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static boolean running(String containerId) {
        return Docker.inspect(containerId).path("State").path("Running").asBoolean();
    }

    private static boolean exists(String containerId) {
        return !Docker.run("ps", "-aq", "--no-trunc", "--filter", "id=" + containerId).isEmpty();
    }
}
