package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stoker.gateway.kubernetes.MockCluster;
import io.stoker.runtime.engine.BuildContexts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway on the Kubernetes engine, through a STAND-IN cluster (fabric8's mock API server and the kubelet
 * stand-in, which runs each pod as a real container on the local Docker engine): a function is deployed, called over
 * HTTP through the gateway, scaled past one pod, survives a pod deleted from outside, and is deleted with its pods.
 */
@QuarkusTest
@WithTestResource(KubernetesClusterResource.class)
class KubernetesGatewayTest {

    static final String NAME = "k8s-hello";
    static final String IMAGE = "stoker-test/k8s-hello:" + ProcessHandle.current().pid();

    /** A tiny HTTP function, built where the stand-in's node runs pods (a cluster's nodes would pull it). */
    static String buildImage() {
        String dockerfile = """
                FROM stoker/python:bookworm
                RUN mkdir /srv/fn && echo 'hello from a pod' > /srv/fn/hello.txt
                WORKDIR /srv/fn
                CMD ["sh", "-c", "exec python3 -m http.server ${PORT}"]
                """;
        KubernetesClusterResource.cluster.docker().build(BuildContexts.dockerfileOnly(dockerfile), IMAGE, Map.of(),
                line -> {});
        return IMAGE;
    }

    static ObjectNode spec(int min, int standby) {
        ObjectNode spec = TestApi.JSON.createObjectNode();
        spec.put("name", NAME);
        spec.put("image", IMAGE);
        spec.putObject("limits").put("memory", "128Mi").put("cpu", 0.25);
        spec.putObject("scale").put("min", min).put("standby", standby);
        return spec;
    }

    static List<Pod> pods() {
        return KubernetesClusterResource.cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                .withLabel("stoker.function", NAME).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    static void callsAnswer(int times) {
        for (int i = 0; i < times; i++) {
            given().get("/function/" + NAME + "/hello.txt").then().statusCode(200)
                    .body(org.hamcrest.Matchers.equalTo("hello from a pod\n"));
        }
    }

    @Test
    void aFunctionRunsAsPodsOwnedByTheGatewayScalesAndGoesWithItsPods() {
        buildImage();
        String put = TestFunctions.put(spec(1, 0)).then().statusCode(201).extract().asString();
        JsonNode fn = TestApi.readJson(put);
        assertThat(fn.path("instances")).hasSize(1);
        assertThat(fn.path("standbyKeptAs").asText()).isEqualTo("ready");
        callsAnswer(3);

        Pod first = pods().get(0);
        assertThat(pods()).hasSize(1);
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo(MockCluster.GATEWAY_POD));
        assertThat(first.getMetadata().getLabels()).containsEntry("stoker.managed", "true");
        assertThat(first.getSpec().getContainers().get(0).getResources().getLimits().get("memory").toString())
                .isEqualTo("134217728");
        assertThat(fn.path("instances").get(0).path("containerId").asText()).isEqualTo(first.getMetadata().getName());

        // Past one pod: min 2, and a standby that Kubernetes cannot pause is a third ready pod.
        TestFunctions.put(spec(2, 1)).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        await().alias("min 2 + standby 1 as ready pods, the old version's pod gone").atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> {
                    assertThat(pods()).hasSize(3).allSatisfy(p -> assertThat(p.getStatus()).isNotNull()
                            .satisfies(status -> assertThat(status.getPhase()).isEqualTo("Running")));
                    assertThat(TestApi.describe(NAME).path("instances")).hasSize(3)
                            .allSatisfy(i -> assertThat(i.path("state").asText()).isIn("READY", "BUSY"));
                });
        assertThat(pods()).extracting(p -> p.getMetadata().getName()).doesNotContain(first.getMetadata().getName());
        callsAnswer(10);

        // A pod deleted from outside (a node drained, kubectl delete) is an exit: the pool replaces it.
        String victim = pods().get(0).getMetadata().getName();
        KubernetesClusterResource.cluster.client().pods().inNamespace(MockCluster.NAMESPACE).withName(victim).delete();
        await().alias("the deleted pod replaced").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            List<Pod> now = pods();
            assertThat(now).hasSize(3).extracting(p -> p.getMetadata().getName()).doesNotContain(victim);
            assertThat(TestApi.describe(NAME).path("instances")).hasSize(3);
        });
        callsAnswer(3);

        TestApi.api().delete("/v1/functions/" + NAME).then().statusCode(200);
        await().alias("its pods and their containers gone").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(pods()).isEmpty();
            assertThat(KubernetesClusterResource.cluster.standIn().containers()).isEmpty();
        });
        given().get("/function/" + NAME + "/hello.txt").then().statusCode(404);
    }

    static final String SECRET_IMAGE = "stoker-test/k8s-secret:" + ProcessHandle.current().pid();

    /**
     * A function's secret through the whole path on the stand-ins: stored by the gateway, written as a Secret by the
     * engine, mounted by the kubelet stand-in into the real container, and served by the function as its own user
     * reads it; the Secret goes with the function.
     */
    @Test
    void aSecretReachesThePodAsASecretVolumeAndGoesWithTheFunction() {
        String dockerfile = """
                FROM stoker/python:bookworm
                RUN mkdir /srv/fn && ln -s /var/stoker/secrets/k8s-db/password /srv/fn/password
                WORKDIR /srv/fn
                CMD ["sh", "-c", "exec python3 -m http.server ${PORT}"]
                """;
        KubernetesClusterResource.cluster.docker().build(BuildContexts.dockerfileOnly(dockerfile), SECRET_IMAGE,
                Map.of(), line -> {});
        String value = "k8s-s3cret-" + ProcessHandle.current().pid();
        TestApi.api().contentType("application/json").body(SecretsTest.data("password", value))
                .post("/v1/secrets/k8s-db").then().statusCode(201);
        ObjectNode spec = TestApi.JSON.createObjectNode();
        spec.put("name", "k8s-secret");
        spec.put("image", SECRET_IMAGE);
        spec.put("user", "65534:65534");
        spec.putArray("secrets").add("k8s-db");
        spec.putObject("scale").put("min", 1);
        TestFunctions.put(spec).then().statusCode(201);
        given().get("/function/k8s-secret/password").then().statusCode(200)
                .body(org.hamcrest.Matchers.equalTo(value));
        var secrets = KubernetesClusterResource.cluster.client().secrets().inNamespace(MockCluster.NAMESPACE)
                .withLabel("stoker.secret", "k8s-db").list().getItems();
        assertThat(secrets).singleElement().satisfies(s -> assertThat(s.getMetadata().getLabels())
                .containsEntry("stoker.owner", MockCluster.GATEWAY_POD).containsEntry("stoker.function", "k8s-secret"));

        TestApi.api().delete("/v1/functions/k8s-secret").then().statusCode(200);
        await().alias("the function's Secret gone with its pod").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(KubernetesClusterResource.cluster.client().secrets().inNamespace(MockCluster.NAMESPACE)
                        .withLabel("stoker.secret", "k8s-db").list().getItems()).isEmpty());
        TestApi.api().delete("/v1/secrets/k8s-db").then().statusCode(200);
    }

    /** The stored login, unchecked (no engine to log in with), becomes the pull secret of a pod from that registry. */
    @Test
    void aRegistryLoginIsStoredUncheckedAndBecomesThePodsPullSecret() {
        String host = "127.0.0.1:5999";
        TestApi.api().contentType("application/json").body("{\"username\": \"team\", \"password\": \"pw\"}")
                .put("/v1/registries/" + host).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .body("checked", org.hamcrest.Matchers.equalTo(false));
        try {
            String id = engine.create(new io.stoker.runtime.engine.ContainerSpec("k8s-pull-" + ProcessHandle.current()
                    .pid(), host + "/team/fn:1", Map.of(), Map.of("stoker.function", "k8s-pull"), "stoker-functions",
                    "65534:65534", 64L << 20, 0, 64, true, Map.of(), List.of("ALL"), List.of(), List.of()));
            try {
                Pod pod = KubernetesClusterResource.cluster.client().pods().inNamespace(MockCluster.NAMESPACE)
                        .withName(id).get();
                assertThat(pod.getSpec().getImagePullSecrets()).singleElement().satisfies(r -> assertThat(
                        KubernetesClusterResource.cluster.client().secrets().inNamespace(MockCluster.NAMESPACE)
                                .withName(r.getName()).get().getType()).isEqualTo("kubernetes.io/dockerconfigjson"));
            } finally {
                engine.remove(id);
            }
        } finally {
            TestApi.api().delete("/v1/registries/" + host).then().statusCode(200);
        }
    }

    @jakarta.inject.Inject
    io.stoker.runtime.engine.ContainerEngine engine;

    @AfterAll
    static void removeImage() {
        Docker.run("rmi", "-f", IMAGE, SECRET_IMAGE);
    }
}
