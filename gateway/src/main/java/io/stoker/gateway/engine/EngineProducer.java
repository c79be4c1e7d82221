package io.stoker.gateway.engine;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.kubernetes.engine.KubernetesEngine;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.docker.DockerEngine;
import io.stoker.runtime.instance.EngineInstanceLauncher;
import io.stoker.runtime.instance.InstanceLauncher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Wires the real parts: the engine {@code stoker.engine} names, the launcher over it, and the system clock. */
@ApplicationScoped
public class EngineProducer {

    private static final Logger LOG = Logger.getLogger(EngineProducer.class);

    /** @param kubernetes Quarkus's client, made only when the Kubernetes driver is chosen */
    @Produces
    @Singleton
    ContainerEngine engine(StokerConfig config, Instance<KubernetesClient> kubernetes, Clock clock,
            io.stoker.gateway.images.CredentialStore credentials) {
        if (config.engine().driver() == StokerConfig.Engine.Driver.KUBERNETES) {
            return kubernetes(config.engine().kubernetes(), kubernetes.get(), clock, credentials::authFor);
        }
        return config.engine().host().map(DockerEngine::connect).orElseGet(DockerEngine::fromEnvironment);
    }

    private static KubernetesEngine kubernetes(StokerConfig.Engine.Kubernetes config, KubernetesClient client,
            Clock clock, io.stoker.gateway.kubernetes.engine.PullCredentials credentials) {
        String namespace = config.namespace().orElseGet(client::getNamespace);
        if (namespace == null || namespace.isBlank()) {
            namespace = "default";
        }
        OwnerReference owner = null;
        if (config.podName().isPresent()) {
            owner = KubernetesEngine.ownerFor(client, namespace, config.podName().get());
        } else {
            LOG.warnf("stoker.engine=kubernetes without the gateway's own pod (POD_NAME): the function pods in %s have "
                    + "no owner, so nothing removes them if this gateway goes away", namespace);
        }
        LOG.infof("engine: Kubernetes, function pods in namespace %s at %s", namespace,
                client.getConfiguration().getMasterUrl());
        return new KubernetesEngine(client, namespace, owner, config.startTimeout(), clock, credentials);
    }

    /** Stops the Kubernetes engine's pod watch; the pods stay for the next gateway, as containers do. */
    void close(@Disposes ContainerEngine engine) {
        if (engine instanceof KubernetesEngine kubernetes) {
            kubernetes.close();
        }
    }

    @Produces
    @Singleton
    InstanceLauncher launcher(ContainerEngine engine, StokerConfig config, Clock clock,
                              io.stoker.gateway.secrets.HostSecretFiles secrets,
                              io.stoker.gateway.isolation.FunctionNetworks networks) {
        return new EngineInstanceLauncher(engine, config.engine().network(), config.engine().readinessTimeout(), clock,
                config.engine().parallelStarts()).withSecrets(secrets).onNetworkReady(name -> networks.refresh());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
