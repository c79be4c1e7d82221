package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stoker.gateway.kubernetes.ApiServerStandIn;
import io.stoker.gateway.kubernetes.functions.FunctionResource;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas, two processes with homes and engine networks of their own, share their functions through
 * the {@code Function} resources of one API server, here the stand-in (fabric8's mock server in CRUD mode; no real
 * Kubernetes API server can run on this machine). Both run on the Docker engine: the registry is what is shared,
 * each replica runs its own instances for the calls it receives.
 */
class TwoGatewaysIT {

    private static final String NET_A = "stoker-two-a";
    private static final String NET_B = "stoker-two-b";

    @Test
    void aFunctionDeployedThroughOneReplicaIsServedUpdatedAndDeletedThroughTheOther() throws Exception {
        Path homeA = GatewayProcess.newHome("two-a");
        Path homeB = Files.createTempDirectory("stoker-two-b-home");
        try (ApiServerStandIn apiServer = ApiServerStandIn.start();
             GatewayProcess a = GatewayProcess.start(homeA, 18097, env(apiServer, NET_A, true));
             GatewayProcess b = GatewayProcess.start(homeB, 18098, env(apiServer, NET_B, false));
             KubernetesClient kube = apiServer.client()) {
            // A deploy through A (a source build: A's engine builds) ...
            HttpResponse<String> deployed = a.send(HttpRequest.newBuilder(a.uri("/v1/functions/two-hello/source"))
                    .header("Content-Type", "application/gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            TestApi.tarGz(TestFunctions.renamed("python-hello", "two-hello")))));
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
            assertThat(lastEvent(deployed.body()).path("event").asText()).as(deployed.body()).isEqualTo("ready");

            // ... is a Function resource, written by A ...
            FunctionResource stored = kube.resources(FunctionResource.class).withName("two-hello").get();
            assertThat(stored).isNotNull();
            assertThat(stored.getSpec().path("name").asText()).isEqualTo("two-hello");
            String image = stored.getSpec().path("image").asText();

            // ... which B follows and serves with an instance of its own, on its own network.
            await().alias("B knows the function deployed through A").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300)).until(() -> b.get("/v1/functions/two-hello").statusCode() == 200);
            HttpResponse<String> call = b.send(HttpRequest.newBuilder(b.uri("/function/two-hello/x"))
                    .POST(HttpRequest.BodyPublishers.ofString("through b")));
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            assertThat(call.body()).contains("through b");
            assertThat(Docker.run("ps", "-q", "--filter", "label=stoker.function=two-hello",
                    "--filter", "label=stoker.network=" + NET_B)).as("B runs its own instance").isNotBlank();

            // An update through B (an env var) reaches A, which then serves the new version.
            String update = "{\"image\":\"" + image + "\",\"env\":{\"GREETING\":\"from b\"}}";
            HttpResponse<String> updated = b.send(HttpRequest.newBuilder(b.uri("/v1/functions/two-hello"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(update)));
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            await().alias("A follows B's update").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> TestApi.readJson(a.get("/v1/functions/two-hello").body())
                            .path("spec").path("env").path("GREETING").asText().equals("from b"));
            assertThat(kube.resources(FunctionResource.class).withName("two-hello").get().getStatus().getWrittenBy())
                    .isEqualTo("gateway-b");
            HttpResponse<String> newVersion = a.send(HttpRequest.newBuilder(a.uri("/function/two-hello/y"))
                    .POST(HttpRequest.BodyPublishers.ofString("through a")));
            assertThat(newVersion.statusCode()).as(newVersion.body()).isEqualTo(200);
            assertThat(newVersion.body()).contains("from b");

            // Someone edits the resource into something that is no function: A keeps serving what it has, and a
            // deploy through A is a conflict that changes nothing, rather than a write over what it cannot read.
            GenericKubernetesResource edited = kube.genericKubernetesResources("stoker.io/v1", "Function")
                    .withName("two-hello").get();
            Object goodSpec = edited.getAdditionalProperties().get("spec");
            edited.setAdditionalProperty("spec", Map.of("name", "two-hello", "image", image, "port", "not-a-port"));
            kube.genericKubernetesResources("stoker.io/v1", "Function").resource(edited).update();
            HttpResponse<String> conflict = a.send(HttpRequest.newBuilder(a.uri("/v1/functions/two-hello"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"image\":\"" + image + "\"}")));
            assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
            assertThat(TestApi.readJson(conflict.body()).path("error").asText()).isEqualTo("function_conflict");
            assertThat(TestApi.readJson(conflict.body()).path("message").asText()).contains("delete function two-hello");
            HttpResponse<String> still = a.send(HttpRequest.newBuilder(a.uri("/function/two-hello/z"))
                    .POST(HttpRequest.BodyPublishers.ofString("still")));
            assertThat(still.statusCode()).isEqualTo(200);
            assertThat(still.body()).as("A serves the version it had").contains("from b");
            GenericKubernetesResource fixed = kube.genericKubernetesResources("stoker.io/v1", "Function")
                    .withName("two-hello").get();
            fixed.setAdditionalProperty("spec", goodSpec);
            kube.genericKubernetesResources("stoker.io/v1", "Function").resource(fixed).update();

            // B does not build (as a gateway in a cluster): a source upload says what to run instead.
            HttpResponse<String> refused = b.send(HttpRequest.newBuilder(b.uri("/v1/functions/two-hello/source"))
                    .header("Content-Type", "application/gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            TestApi.tarGz(TestFunctions.renamed("python-hello", "two-hello")))));
            assertThat(refused.statusCode()).isEqualTo(400);
            JsonNode error = TestApi.readJson(refused.body());
            assertThat(error.path("error").asText()).isEqualTo("cannot_build");
            assertThat(error.path("message").asText())
                    .contains("stoker deploy DIR --push REPO --gateway http://127.0.0.1:18098");
            assertThat(TestApi.readJson(b.get("/v1/gateway").body()).path("builds").asBoolean(true)).isFalse();
            assertThat(TestApi.readJson(a.get("/v1/gateway").body()).path("registry").asText()).isEqualTo("kubernetes");
            assertThat(TestApi.readJson(b.get("/v1/functions/two-hello").body()).path("spec").path("env").path("GREETING")
                    .asText()).as("the refused upload changed nothing").isEqualTo("from b");

            // A delete through A: B stops serving it and removes its instances.
            assertThat(a.send(HttpRequest.newBuilder(a.uri("/v1/functions/two-hello")).DELETE()).statusCode())
                    .isEqualTo(200);
            await().alias("B follows A's delete").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> b.get("/v1/functions/two-hello").statusCode() == 404);
            assertThat(kube.resources(FunctionResource.class).withName("two-hello").get()).isNull();
            await().alias("B's instances go once it drained").atMost(Duration.ofSeconds(60))
                    .until(() -> Docker.run("ps", "-aq", "--filter", "label=stoker.function=two-hello").isBlank());
        } finally {
            Docker.removeContainersOn(NET_A);
            Docker.removeContainersOn(NET_B);
            Docker.removeNetwork(NET_A);
            Docker.removeNetwork(NET_B);
        }
    }

    private static Map<String, String> env(ApiServerStandIn apiServer, String network, boolean builds) {
        Map<String, String> env = new HashMap<>(apiServer.gatewayEnv());
        env.put("STOKER_ENGINE_NETWORK", network);
        env.put("STOKER_KAFKA_ENABLED", "false");
        env.put("STOKER_BUILD_ENABLED", Boolean.toString(builds));
        env.put("POD_NAME", builds ? "gateway-a" : "gateway-b");
        return env;
    }

    private static JsonNode lastEvent(String ndjson) {
        List<String> lines = ndjson.lines().filter(l -> !l.isBlank()).toList();
        return TestApi.readJson(lines.get(lines.size() - 1));
    }
}
