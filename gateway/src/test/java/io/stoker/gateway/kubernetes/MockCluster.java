package io.stoker.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.stoker.gateway.kubernetes.engine.KubernetesEngine;
import io.stoker.gateway.kubernetes.standin.KubeletStandIn;
import io.stoker.runtime.engine.docker.DockerEngine;
import java.util.HashMap;

/**
 * A STAND-IN cluster for tests: fabric8's mock API server in CRUD mode (no real API server can run here) with
 * {@link KubeletStandIn} running its pods on the local Docker engine. It also holds the "gateway pod" that the engine's
 * pods name as their owner, as the downward API would give it in a cluster.
 */
public final class MockCluster implements AutoCloseable {

    public static final String NAMESPACE = "stoker-test";
    public static final String GATEWAY_POD = "stoker-gateway-0";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final DockerEngine docker;
    private final KubeletStandIn standIn;

    private MockCluster(KubernetesMockServer server, KubernetesClient client, DockerEngine docker,
            KubeletStandIn standIn) {
        this.server = server;
        this.client = client;
        this.docker = docker;
        this.standIn = standIn;
    }

    /** Starts the mock API server on loopback (plain HTTP), the gateway pod, and the stand-in on its own network. */
    public static MockCluster start() {
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest,
                java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(java.net.InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        // The gateway's own pod, already running (the stand-in leaves pods that are not Pending alone).
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(GATEWAY_POD).withLabels(java.util.Map.of("app", "stoker-gateway")).endMetadata()
                .withNewSpec().addNewContainer().withName("gateway").withImage("stoker/gateway:test").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build()).create();
        DockerEngine docker = DockerEngine.connect("unix:///var/run/docker.sock");
        KubeletStandIn standIn = new KubeletStandIn(client, NAMESPACE, docker,
                "stoker-standin-" + ProcessHandle.current().pid()).start();
        return new MockCluster(server, client, docker, standIn);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The local engine the stand-in runs pods on: images are built here, as a cluster's nodes would pull them. */
    public DockerEngine docker() {
        return docker;
    }

    public KubeletStandIn standIn() {
        return standIn;
    }

    /** {@code http://127.0.0.1:PORT}, for {@code quarkus.kubernetes-client.api-server-url}. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    public OwnerReference owner() {
        return KubernetesEngine.ownerFor(client, NAMESPACE, GATEWAY_POD);
    }

    @Override
    public void close() throws Exception {
        standIn.close();
        client.close();
        server.destroy();
        try {
            new ProcessBuilder("docker", "network", "rm", standIn.network()).redirectErrorStream(true).start()
                    .waitFor();
        } catch (Exception e) {
            // left behind: harmless, and named after this test process
        }
    }
}
