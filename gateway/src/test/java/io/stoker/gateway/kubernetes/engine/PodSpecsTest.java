package io.stoker.gateway.kubernetes.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.instance.HardenedSpec;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The function pod's fields, from the same hardened spec the Docker driver gets. */
class PodSpecsTest {

    static final OwnerReference GATEWAY = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
            .withName("stoker-gateway-0").withUid("uid-1").build();

    static ContainerSpec hardened(String user) {
        FunctionSpec spec = new FunctionSpec("hello", "python", "", "registry.example/hello@sha256:" + "a".repeat(64),
                8080, Map.of("GREETING", "hi"), user,
                new FunctionSpec.Limits(256L << 20, 0.5, Duration.ofSeconds(30), 4),
                new FunctionSpec.Scale(0, 4, Duration.ofMinutes(5)), "");
        return HardenedSpec.of(spec, "0123456789abcdef", "i1", "stoker-functions", user.isEmpty() ? "65534:65534" : user);
    }

    @Test
    void carriesTheContainersHardening() {
        Pod pod = PodSpecs.of(hardened(""), "stoker", GATEWAY);
        Container c = pod.getSpec().getContainers().get(0);
        var sc = c.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(65534L);
        assertThat(sc.getRunAsGroup()).isEqualTo(65534L);
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getPrivileged()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isEmpty();
        var psc = pod.getSpec().getSecurityContext();
        assertThat(psc.getRunAsNonRoot()).isTrue();
        assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
        assertThat(pod.getSpec().getRestartPolicy()).as("the pool replaces, the node does not restart").isEqualTo("Never");
    }

    @Test
    void requestsAndLimitsComeFromTheFunctionsLimits() {
        Container c = PodSpecs.of(hardened(""), "stoker", GATEWAY).getSpec().getContainers().get(0);
        Map<String, Quantity> expected = Map.of("memory", new Quantity("268435456"), "cpu", new Quantity("500m"));
        assertThat(c.getResources().getLimits()).isEqualTo(expected);
        assertThat(c.getResources().getRequests()).isEqualTo(expected);
        assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValue()).isEqualTo(256L << 20);
    }

    @Test
    void tmpIsAnInMemoryEmptyDirOfTheTmpfsSizeAndShmIsReadOnly() {
        Pod pod = PodSpecs.of(hardened(""), "stoker", GATEWAY);
        // In path order: /dev/shm, then /tmp.
        assertThat(pod.getSpec().getVolumes()).hasSize(2);
        assertThat(pod.getSpec().getVolumes().get(1)).satisfies(v -> {
            assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
            assertThat(Quantity.getAmountInBytes(v.getEmptyDir().getSizeLimit()).longValue()).isEqualTo(64L << 20);
        });
        var mounts = pod.getSpec().getContainers().get(0).getVolumeMounts();
        assertThat(mounts.get(1)).satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(m.getName()).isEqualTo(pod.getSpec().getVolumes().get(1).getName());
            assertThat(m.getReadOnly()).isNull();
        });
        assertThat(mounts.get(0)).satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo("/dev/shm");
            assertThat(m.getReadOnly()).isTrue();
        });
    }

    @Test
    void labelsEnvPortOwnerAndTheStartGate() {
        Pod pod = PodSpecs.of(hardened(""), "stoker", GATEWAY);
        assertThat(pod.getMetadata().getName()).isEqualTo("stoker-hello-i1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("stoker");
        assertThat(pod.getMetadata().getLabels()).containsEntry("stoker.function", "hello")
                .containsEntry("stoker.instance", "i1").containsEntry("stoker.spec-hash", "0123456789abcdef")
                .containsEntry("stoker.port", "8080").containsEntry("stoker.managed", "true")
                .containsEntry("stoker.network", "stoker-functions")
                .containsEntry(PodSpecs.OWNER_LABEL, "stoker-gateway-0");
        assertThat(pod.getMetadata().getOwnerReferences()).containsExactly(GATEWAY);
        assertThat(pod.getSpec().getSchedulingGates()).extracting(g -> g.getName()).containsExactly(PodSpecs.START_GATE);
        Container c = pod.getSpec().getContainers().get(0);
        assertThat(c.getImage()).startsWith("registry.example/hello@sha256:");
        assertThat(c.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("GREETING=hi", "PORT=8080");
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(PodSpecs.of(hardened(""), "stoker", null).getMetadata().getOwnerReferences())
                .as("outside a cluster: no owner").isEmpty();
    }

    @Test
    void aNumericUserIsTakenAndANameOrRootIsRefusedWithWhatToWrite() {
        var sc = PodSpecs.of(hardened("1000:2000"), "stoker", GATEWAY).getSpec().getContainers().get(0)
                .getSecurityContext();
        assertThat(sc.getRunAsUser()).isEqualTo(1000L);
        assertThat(sc.getRunAsGroup()).isEqualTo(2000L);
        assertThatThrownBy(() -> PodSpecs.of(hardened("node"), "stoker", GATEWAY))
                .isInstanceOf(EngineException.class).hasMessageContaining("numeric uid:gid");
        assertThatThrownBy(() -> PodSpecs.of(hardened("0:0"), "stoker", GATEWAY))
                .isInstanceOf(EngineException.class).hasMessageContaining("never run as root");
    }

    @Test
    void tmpfsSizesReadAsDockerWritesThem() {
        assertThat(PodSpecs.tmpfsSize("rw,nosuid,nodev,size=64m")).isEqualTo(64L << 20);
        assertThat(PodSpecs.tmpfsSize("size=1g")).isEqualTo(1L << 30);
        assertThat(PodSpecs.tmpfsSize("size=4096k")).isEqualTo(4L << 20);
        assertThat(PodSpecs.tmpfsSize("size=1000")).isEqualTo(1000);
        assertThat(PodSpecs.tmpfsSize("rw,nosuid")).isZero();
    }

    static ContainerSpec withSecret(ContainerSpec s) {
        return new ContainerSpec(s.name(), s.image(), s.env(), s.labels(), s.network(), s.user(), s.memoryBytes(),
                s.nanoCpus(), s.pidsLimit(), s.readOnlyRootfs(), s.tmpfs(), s.capDrop(), s.securityOpts(),
                java.util.List.of(new io.stoker.runtime.engine.SecretMount("db", "/dev/shm/x/db")));
    }

    @Test
    void aSecretMountIsAReadOnlySecretVolumeTheFunctionsGroupReads() {
        Pod pod = PodSpecs.of(withSecret(hardened("1000:2000")), "stoker", GATEWAY,
                new OwnedSecrets.Refs(Map.of("db", "stoker-secret-db-0011"), java.util.Optional.of("stoker-pull-22")));
        var volume = pod.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("stoker-secret-db-0011");
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(256);
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(volume.getName());
            assertThat(m.getMountPath()).isEqualTo("/var/stoker/secrets/db");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isEqualTo(2000L);
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("stoker-pull-22");
    }

    @Test
    void withoutSecretsThereIsNoFsGroupNorPullSecret() {
        Pod pod = PodSpecs.of(hardened(""), "stoker", GATEWAY);
        assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isNull();
        assertThat(pod.getSpec().getImagePullSecrets()).isEmpty();
        assertThatThrownBy(() -> PodSpecs.of(withSecret(hardened("")), "stoker", GATEWAY))
                .as("never a pod without its secret").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPullSecretHoldsTheLoginAsDockerWritesIt() throws Exception {
        var auth = new io.stoker.runtime.engine.RegistryAuth("127.0.0.1:5000", "team", "p:w");
        var secret = PullSecrets.of(auth, "stoker", GATEWAY);
        assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(secret.getMetadata().getLabels()).containsEntry(PodSpecs.OWNER_LABEL, "stoker-gateway-0");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.util.Base64.getDecoder()
                .decode(secret.getData().get(".dockerconfigjson")));
        assertThat(new String(java.util.Base64.getDecoder().decode(json.path("auths").path("127.0.0.1:5000")
                .path("auth").asText()), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("team:p:w");
        assertThat(secret.getMetadata().getName()).isEqualTo(PullSecrets.name("127.0.0.1:5000", GATEWAY))
                .matches("[a-z0-9-]+");
    }
}
