package io.stoker.gateway.kubernetes.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stoker.gateway.kubernetes.ApiServerStandIn;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.RegistryAuth;
import io.stoker.runtime.engine.SecretMount;
import io.stoker.runtime.instance.InstanceLabels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Secrets the engine writes for secret mounts and registry logins, on the API server stand-in (fabric8's mock
 * server in CRUD mode: no real API server runs here). Pods are only created (they keep their start gate, and no
 * kubelet stand-in runs here, so no engine is needed): what is checked is what the API server holds. Reading the
 * files from inside a pod is the kit's secret case in {@link KubernetesEngineCompatibilityTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesEngineSecretsTest {

    static final String REGISTRY = "127.0.0.1:5999";

    private final Map<String, RegistryAuth> logins = new ConcurrentHashMap<>();
    static final String NAMESPACE = ApiServerStandIn.NAMESPACE;
    static final String GATEWAY_POD = "stoker-gateway-0";

    private ApiServerStandIn apiServer;
    private KubernetesClient client;
    private KubernetesEngine engine;
    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        apiServer = ApiServerStandIn.start();
        client = apiServer.client();
        client.pods().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(GATEWAY_POD).endMetadata()
                .withNewSpec().addNewContainer().withName("gateway").withImage("stoker/gateway:test").endContainer()
                .endSpec().build()).create();
        engine = new KubernetesEngine(client, NAMESPACE, KubernetesEngine.ownerFor(client, NAMESPACE, GATEWAY_POD),
                Duration.ofSeconds(30), Clock.systemUTC(), host -> Optional.ofNullable(logins.get(host)));
    }

    @AfterAll
    void stop() throws Exception {
        engine.close();
        client.close();
        apiServer.close();
    }

    @Test
    void aSecretMountIsASecretVolumeReadOnlyMode0400AndGoesWithItsLastPod() throws Exception {
        Path dir = secretFiles(Map.of("password", "s3cret", "user", "app"));
        String id = engine.create(spec("fn-a", "stoker/kit:latest", List.of(new SecretMount("db", dir.toString()))));

        Pod pod = pod(id);
        Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0400);
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m -> {
                    assertThat(m.getName()).isEqualTo(volume.getName());
                    assertThat(m.getMountPath()).isEqualTo("/var/stoker/secrets/db");
                    assertThat(m.getReadOnly()).isTrue();
                });
        assertThat(pod.getSpec().getSecurityContext().getFsGroup()).as("the function's gid reads the 0440 files")
                .isEqualTo(65534L);
        assertThat(pod.toString()).doesNotContain("s3cret");

        Secret secret = secret(volume.getSecret().getSecretName());
        assertThat(secret.getData()).containsOnlyKeys("password", "user");
        assertThat(decode(secret.getData().get("password"))).isEqualTo("s3cret");
        assertThat(secret.getMetadata().getLabels()).containsEntry(PodSpecs.OWNER_LABEL, GATEWAY_POD)
                .containsEntry(SecretVolumes.SECRET_LABEL, "db").containsEntry(InstanceLabels.FUNCTION, "fn-a");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo(GATEWAY_POD));

        String second = engine.create(spec("fn-a", "stoker/kit:latest", List.of(new SecretMount("db", dir.toString()))));
        assertThat(secretNameOf(second)).as("the same files, the same Secret").isEqualTo(secret.getMetadata().getName());
        engine.remove(id);
        assertThat(secret(secret.getMetadata().getName())).as("still named by the second pod").isNotNull();
        engine.remove(second);
        assertThat(secret(secret.getMetadata().getName())).as("no pod names it any more").isNull();
    }

    @Test
    void aChangedSecretIsANewSecretAndTheOldOneGoesWithTheOldPods() throws Exception {
        Path dir = secretFiles(Map.of("token", "one"));
        String old = engine.create(spec("fn-b", "stoker/kit:latest", List.of(new SecretMount("api", dir.toString()))));
        Files.writeString(dir.resolve("token"), "two");
        String rolled = engine.create(spec("fn-b", "stoker/kit:latest", List.of(new SecretMount("api", dir.toString()))));

        String oldName = secretNameOf(old);
        String newName = secretNameOf(rolled);
        assertThat(newName).isNotEqualTo(oldName);
        assertThat(decode(secret(newName).getData().get("token"))).isEqualTo("two");
        assertThat(decode(secret(oldName).getData().get("token"))).as("the old pod keeps its own").isEqualTo("one");
        engine.remove(old);
        assertThat(secret(oldName)).isNull();
        assertThat(secret(newName)).isNotNull();
        engine.remove(rolled);
        assertThat(secret(newName)).isNull();
    }

    @Test
    void anotherFunctionsSecretOfTheSameNameIsItsOwn() throws Exception {
        Path dir = secretFiles(Map.of("k", "v"));
        String a = engine.create(spec("fn-c", "stoker/kit:latest", List.of(new SecretMount("shared", dir.toString()))));
        String b = engine.create(spec("fn-d", "stoker/kit:latest", List.of(new SecretMount("shared", dir.toString()))));
        assertThat(secretNameOf(a)).isNotEqualTo(secretNameOf(b));
        engine.remove(a);
        engine.remove(b);
    }

    @Test
    void anImageFromARegistryWithALoginNamesItsDockerConfigSecret() throws Exception {
        logins.put(REGISTRY, new RegistryAuth(REGISTRY, "team", "pw-1"));
        try {
            String id = engine.create(spec("fn-e", REGISTRY + "/team/fn:1", List.of()));
            Pod pod = pod(id);
            assertThat(pod.getSpec().getImagePullSecrets()).singleElement()
                    .satisfies(r -> assertThat(r.getName()).startsWith("stoker-pull-"));
            String name = pod.getSpec().getImagePullSecrets().get(0).getName();
            Secret secret = secret(name);
            assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
            assertThat(secret.getMetadata().getLabels()).containsEntry(PodSpecs.OWNER_LABEL, GATEWAY_POD);
            assertThat(authOf(secret)).isEqualTo("team:pw-1");

            logins.put(REGISTRY, new RegistryAuth(REGISTRY, "team", "pw-2"));
            String next = engine.create(spec("fn-e", REGISTRY + "/team/fn:1", List.of()));
            assertThat(pod(next).getSpec().getImagePullSecrets().get(0).getName()).isEqualTo(name);
            assertThat(authOf(secret(name))).as("rewritten with the new login").isEqualTo("team:pw-2");

            String local = engine.create(spec("fn-f", "stoker/kit:latest", List.of()));
            assertThat(pod(local).getSpec().getImagePullSecrets()).as("no registry, no pull secret").isEmpty();
            engine.remove(local);
            engine.remove(id);
            assertThat(secret(name)).isNotNull();
            engine.remove(next);
            assertThat(secret(name)).as("no pod names it any more").isNull();
        } finally {
            logins.clear();
        }
    }

    private ContainerSpec spec(String function, String image, List<SecretMount> secrets) {
        return new ContainerSpec("stoker-secrets-" + UUID.randomUUID().toString().substring(0, 8), image,
                Map.of("PORT", "8080"), Map.of(InstanceLabels.FUNCTION, function), "stoker-functions",
                "65534:65534", 64L << 20, 0, 64, true, Map.of("/tmp", "size=16m"), List.of("ALL"),
                List.of("no-new-privileges"), secrets);
    }

    private Path secretFiles(Map<String, String> files) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "secret-");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    private Secret secret(String name) {
        return client.secrets().inNamespace(NAMESPACE).withName(name).get();
    }

    private String secretNameOf(String podName) {
        return pod(podName).getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).findFirst()
                .orElseThrow().getSecret().getSecretName();
    }

    private static String authOf(Secret secret) throws Exception {
        JsonNode config = new ObjectMapper().readTree(decode(secret.getData().get(".dockerconfigjson")));
        return decode(config.path("auths").path(REGISTRY).path("auth").asText());
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
