package io.stoker.gateway.registry;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.kubernetes.functions.KubernetesFunctionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * The registry's store, by {@code stoker.registry.store}: the disk for one gateway, or the namespace's
 * {@code Function} resources for replicas that share functions. The Kubernetes client is made only for the latter.
 */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @Singleton
    FunctionStore store(StokerConfig config, Instance<KubernetesClient> clients) {
        return switch (config.registry().store()) {
            case disk -> new DiskFunctionStore(Path.of(config.home(), "functions"));
            case kubernetes -> {
                KubernetesClient client = clients.get();
                String namespace = config.registry().namespace().orElse(client.getNamespace());
                if (namespace == null || namespace.isBlank()) {
                    throw new IllegalStateException("stoker.registry.store=kubernetes needs a namespace: set "
                            + "stoker.registry.namespace (STOKER_REGISTRY_NAMESPACE), or run in a pod");
                }
                yield new KubernetesFunctionStore(client, namespace, writer());
            }
        };
    }

    /** The gateway pod's name (the Deployment gives it through the downward API), else the host's. */
    private static String writer() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
