package io.stoker.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stoker.gateway.kubernetes.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the gateway under test with {@code stoker.engine=kubernetes} against a STAND-IN cluster ({@link MockCluster}:
 * fabric8's mock API server in CRUD mode, and the kubelet stand-in running its pods on the local Docker engine), as the
 * gateway pod {@link MockCluster#GATEWAY_POD} would run in a cluster.
 */
public class KubernetesClusterResource implements QuarkusTestResourceLifecycleManager {

    static volatile MockCluster cluster;

    @Override
    public Map<String, String> start() {
        Docker.requireImages(java.util.List.of("stoker/python:bookworm"));
        cluster = MockCluster.start();
        try {
            Path home = Files.createTempDirectory("stoker-k8s-home");
            TestApi.home = home;
            return Map.of(
                    "stoker.home", home.toString(),
                    "stoker.templates-dir", TestApi.repo().resolve("function-templates").toString(),
                    "stoker.kafka.enabled", "false",
                    "stoker.engine", "kubernetes",
                    "stoker.engine.kubernetes.namespace", MockCluster.NAMESPACE,
                    "stoker.engine.kubernetes.pod-name", MockCluster.GATEWAY_POD,
                    "quarkus.kubernetes-client.api-server-url", cluster.url(),
                    "quarkus.kubernetes-client.namespace", MockCluster.NAMESPACE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the stand-in cluster", e);
        }
    }
}
