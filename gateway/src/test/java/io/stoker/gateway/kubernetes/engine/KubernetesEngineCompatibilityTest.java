package io.stoker.gateway.kubernetes.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.stoker.gateway.kubernetes.MockCluster;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.ContainerEngineCompatibilityKit;
import io.stoker.runtime.engine.TestImages;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes driver against fabric8's mock API server (CRUD mode) with the kubelet STAND-IN running its pods as
 * real containers on the local Docker engine: no real API server can run on these machines.
 */
class KubernetesEngineCompatibilityTest extends ContainerEngineCompatibilityKit {

    private MockCluster cluster;

    @Override
    protected ContainerEngine createEngine() {
        cluster = MockCluster.start();
        return new KubernetesEngine(cluster.client(), MockCluster.NAMESPACE, cluster.owner(), Duration.ofSeconds(60),
                Clock.systemUTC());
    }

    @Override
    protected String baseImage(ContainerEngine engine) {
        return TestImages.shellImage(cluster.docker());
    }

    /** Built where the stand-in's "node" runs its pods, as a cluster's nodes would pull it. */
    @Override
    protected String buildKitImage(InputStream context) {
        return cluster.docker().build(context, KIT_IMAGE, Map.of("KIT_USER", "4321:4321"), buildProgress::add);
    }

    /** Looked at in the stand-in's container for the pod, as {@code kubectl exec} would. */
    @Override
    protected SeenFile fileInside(String containerId, String path) {
        return io.stoker.runtime.engine.docker.DockerCli.fileInside(cluster.standIn().containers().get(containerId),
                path);
    }

    /**
     * A kubelet writes a secret volume's files itself, as root: with the pod's fsGroup (the function's gid) it gives
     * them that group and group read, so 0400 shows as 0440 root:GID, which the function's user reads by its group.
     */
    @Override
    protected SeenFile expectedSecretFile(String content) {
        return new SeenFile("440", "0", content, false);
    }

    @Override
    protected KitRegistry openRegistry() {
        throw new UnsupportedOperationException("the Kubernetes engine moves no images");
    }

    @Override
    protected KitRegistry lockedRegistry() {
        throw new UnsupportedOperationException("the Kubernetes engine moves no images");
    }

    @Override
    protected void removeImage(String ref) {
        throw new UnsupportedOperationException("the Kubernetes engine holds no images");
    }

    @Test
    void aGatewayListsOnlyThePodsItOwns() {
        String mine = startKitContainer();
        String theirs = "stoker-kit-" + runId + "-theirs";
        cluster.client().pods().inNamespace(MockCluster.NAMESPACE).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(theirs)
                .withLabels(Map.of(runLabel, runId, PodSpecs.OWNER_LABEL, "another-gateway")).endMetadata()
                .withNewSpec().withSchedulingGates(new io.fabric8.kubernetes.api.model.PodSchedulingGate(PodSpecs.START_GATE))
                .addNewContainer().withName(PodSpecs.CONTAINER).withImage(KIT_IMAGE).endContainer().endSpec()
                .build()).create();
        try {
            assertThat(engine.list(Map.of(runLabel, runId))).extracting(c -> c.id()).containsExactly(mine);
        } finally {
            cluster.client().pods().inNamespace(MockCluster.NAMESPACE).withName(theirs).delete();
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        ((KubernetesEngine) engine).close();
        cluster.close();
    }

    @Test
    void podsAreOwnedByTheGatewayPodAndCarryTheHardening() {
        String id = startKitContainer();
        Pod pod = cluster.client().pods().inNamespace(MockCluster.NAMESPACE).withName(id).get();
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Pod");
            assertThat(o.getName()).isEqualTo(MockCluster.GATEWAY_POD);
            assertThat(o.getUid()).isNotBlank();
        });
        assertThat(pod.getSpec().getSchedulingGates()).as("lifted by start").isEmpty();
        assertThat(pod.getMetadata().getLabels()).containsEntry(PodSpecs.OWNER_LABEL, MockCluster.GATEWAY_POD);
        var sc = pod.getSpec().getContainers().get(0).getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(65534L);
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        // the stand-in ran it as a real container, its status written back as a kubelet would
        assertThat(cluster.standIn().containers()).containsKey(id);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
    }
}
