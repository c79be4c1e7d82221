package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.stoker.gateway.kubernetes.functions.FunctionResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * End to end on a real cluster where deploy/kubernetes is applied (docs/kubernetes.md): every gateway replica is
 * ready, a {@code Function} created through the API is served by each replica (reached one by one through a
 * port-forward), and its delete is seen by each. Runs only when {@code KUBECONFIG} is set; skipped otherwise (no
 * cluster can run on the machines this was written on). Settings: {@code STOKER_E2E_IMAGE}, an image the cluster
 * pulls that serves HTTP on {@code $PORT} (required), and {@code STOKER_E2E_NAMESPACE} (default {@code stoker}).
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+",
        disabledReason = "needs a real Kubernetes cluster: set KUBECONFIG (and STOKER_E2E_IMAGE), with "
                + "deploy/kubernetes applied")
class ClusterIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyReplicaServesAFunctionCreatedThroughTheApiAndDropsItWhenDeleted() throws Exception {
        String image = System.getenv("STOKER_E2E_IMAGE");
        Assumptions.assumeTrue(image != null && !image.isBlank(),
                "set STOKER_E2E_IMAGE to an image the cluster pulls that serves HTTP on $PORT");
        String namespace = System.getenv().getOrDefault("STOKER_E2E_NAMESPACE", "stoker");
        String name = "e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);
        try (KubernetesClient kube = new KubernetesClientBuilder().build()) {
            assertThat(kube.apiextensions().v1().customResourceDefinitions().withName("functions.stoker.io").get())
                    .as("the Function CRD is installed").isNotNull();
            await().alias("every gateway replica is ready").atMost(Duration.ofMinutes(5))
                    .until(() -> gateways(kube, namespace).size() >= 2
                            && gateways(kube, namespace).stream().allMatch(Readiness::isPodReady));

            FunctionResource fn = new FunctionResource();
            fn.setMetadata(new ObjectMetaBuilder().withName(name).build());
            ObjectNode spec = TestApi.JSON.createObjectNode().put("name", name).put("image", image);
            fn.setSpec(spec);
            kube.resources(FunctionResource.class).inNamespace(namespace).resource(fn).create();
            List<LocalPortForward> forwards = new ArrayList<>();
            try {
                for (Pod pod : gateways(kube, namespace)) {
                    forwards.add(kube.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                            .portForward(8080));
                }
                for (LocalPortForward f : forwards) {
                    await().alias("a replica serves " + name).atMost(Duration.ofMinutes(5))
                            .pollInterval(Duration.ofSeconds(1)).until(() -> call(f, name) == 200);
                }
                kube.resources(FunctionResource.class).inNamespace(namespace).withName(name).delete();
                for (LocalPortForward f : forwards) {
                    await().alias("a replica drops " + name).atMost(Duration.ofMinutes(2))
                            .pollInterval(Duration.ofSeconds(1)).until(() -> call(f, name) == 404);
                }
            } finally {
                kube.resources(FunctionResource.class).inNamespace(namespace).withName(name).delete();
                for (LocalPortForward f : forwards) {
                    f.close();
                }
            }
        }
    }

    private static List<Pod> gateways(KubernetesClient kube, String namespace) {
        return kube.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", "stoker-gateway").list()
                .getItems();
    }

    private static int call(LocalPortForward forward, String name) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forward.getLocalPort()
                    + "/function/" + name + "/")).timeout(Duration.ofSeconds(30)).GET().build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
