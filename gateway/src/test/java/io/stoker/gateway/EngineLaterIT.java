package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway started while its container engine does not answer: it runs, says it is not ready and
 * answers 503 with what to do; once the engine appears it restores its functions and serves, no restart.
 */
class EngineLaterIT {

    static final int GATEWAY_PORT = 18096;
    static final String NETWORK = "stoker-engine-later-test";

    @Test
    void aGatewayStartedBeforeItsEngineWaitsForItThenServes() throws Exception {
        Path home = Files.createTempDirectory("stoker-engine-later-home");
        Path socket = Files.createTempDirectory("stoker-engine-later").resolve("docker.sock");
        Map<String, String> env = Map.of("STOKER_ENGINE_HOST", "unix://" + socket, "STOKER_ENGINE_NETWORK", NETWORK);
        try (GatewayProcess gateway = GatewayProcess.startWithoutReadiness(home, GATEWAY_PORT, env)) {
            assertThat(gateway.get("/q/health/ready").statusCode()).as("ready without an engine").isEqualTo(503);
            HttpResponse<String> list = gateway.get("/v1/functions");
            assertThat(list.statusCode()).isEqualTo(503);
            assertThat(TestApi.readJson(list.body()).path("error").asText()).isEqualTo("engine_unavailable");
            assertThat(TestApi.readJson(list.body()).path("message").asText()).contains("bin/stoker up");
            HttpResponse<String> call = gateway.send(HttpRequest.newBuilder(gateway.uri("/function/hello/")).GET());
            assertThat(call.statusCode()).isEqualTo(503);
            assertThat(call.body()).contains("engine_unavailable");
            assertThat(gateway.log()).contains("the container engine does not answer");

            try (UnixSocketProxy engine = UnixSocketProxy.start(socket, Path.of("/var/run/docker.sock"))) {
                Instant until = Instant.now().plus(Duration.ofSeconds(30));
                while (gateway.get("/q/health/ready").statusCode() != 200 && Instant.now().isBefore(until)) {
                    Thread.sleep(200);
                }
                assertThat(gateway.get("/q/health/ready").statusCode()).as("ready once the engine answers").isEqualTo(200);
                assertThat(gateway.get("/v1/functions").statusCode()).isEqualTo(200);
                assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/function/hello/")).GET()).statusCode())
                        .as("an unknown function, now that the functions are known").isEqualTo(404);
                assertThat(gateway.log()).contains("the container engine answers: functions restored");
            }
        } finally {
            Docker.removeNetwork(NETWORK);
        }
    }
}
