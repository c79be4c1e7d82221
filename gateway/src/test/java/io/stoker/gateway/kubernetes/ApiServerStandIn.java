package io.stoker.gateway.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for a Kubernetes API server, which cannot be installed here: fabric8's mock server in CRUD mode on a
 * loopback port (create, get, list, watch, update with resourceVersion checks, delete; no admission, no RBAC, no
 * controllers). The {@code Function} CRD of {@code deploy/kubernetes} is installed first, as an admin's
 * {@code kubectl apply} would. Gateway processes reach it over plain HTTP through {@link #gatewayEnv}.
 */
public final class ApiServerStandIn implements AutoCloseable {

    public static final String NAMESPACE = "stoker-test";

    private final KubernetesMockServer server;

    private ApiServerStandIn(KubernetesMockServer server) {
        this.server = server;
    }

    public static ApiServerStandIn start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        ApiServerStandIn standIn = new ApiServerStandIn(server);
        try (KubernetesClient admin = standIn.client()) {
            admin.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
        }
        return standIn;
    }

    /** The CRD as the kustomize base has it. */
    public static CustomResourceDefinition crd() {
        return Serialization.unmarshal(file(ApiServerStandIn.repo().resolve("deploy/kubernetes/crd-function.yaml")),
                CustomResourceDefinition.class);
    }

    /** A new client of the stand-in, in {@link #NAMESPACE}. */
    public KubernetesClient client() {
        return server.createClient(b -> b.editOrNewConfig().withNamespace(NAMESPACE).endConfig());
    }

    /** What a gateway process needs to keep its functions here (stoker.registry.store=kubernetes). */
    public Map<String, String> gatewayEnv() {
        // fabric8's own variables, as a kubeconfig-less client outside a cluster reads them.
        return Map.of(
                "STOKER_REGISTRY_STORE", "kubernetes",
                "STOKER_REGISTRY_NAMESPACE", NAMESPACE,
                "KUBERNETES_MASTER", server.url("/"),
                "KUBERNETES_NAMESPACE", NAMESPACE,
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_TRUST_CERTIFICATES", "true");
    }

    /** The repository root: the first folder up from here holding function-templates/. */
    public static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !java.nio.file.Files.isDirectory(dir.resolve("function-templates"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (with function-templates/)");
        }
        return dir;
    }

    private static java.io.InputStream file(Path p) {
        try {
            return java.nio.file.Files.newInputStream(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
