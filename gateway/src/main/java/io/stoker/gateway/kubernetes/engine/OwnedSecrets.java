package io.stoker.gateway.kubernetes.engine;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.ImageRef;
import io.stoker.runtime.instance.InstanceLabels;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Secrets this gateway's pods need: one per secret mount ({@link SecretVolumes}) and one per registry with a
 * stored login ({@link PullSecrets}), written before the pod that names them, and deleted once no pod of this owner
 * names them. Writing and sweeping hold one lock, so a sweep never deletes a Secret between its write and the create
 * of the pod that uses it. The owner reference makes Kubernetes delete them with a gateway that is gone.
 */
final class OwnedSecrets {

    /** What one pod names: Secret name by mount name, and the pull secret, if its registry has a login. */
    record Refs(Map<String, String> mounts, Optional<String> pull) {
        static final Refs NONE = new Refs(Map.of(), Optional.empty());
    }

    private final KubernetesClient client;
    private final String namespace;
    private final OwnerReference owner;
    private final PullCredentials credentials;
    private final Object lock = new Object();

    OwnedSecrets(KubernetesClient client, String namespace, OwnerReference owner, PullCredentials credentials) {
        this.client = client;
        this.namespace = namespace;
        this.owner = owner;
        this.credentials = credentials;
    }

    /** Writes the Secrets {@code spec} needs, then runs {@code createPod} with their names, under the lock. */
    <T> T withSecretsFor(ContainerSpec spec, java.util.function.Function<Refs, T> createPod) {
        Optional<io.stoker.runtime.engine.RegistryAuth> login = credentials.forHost(host(spec.image()));
        if (spec.secretMounts().isEmpty() && login.isEmpty()) {
            return createPod.apply(Refs.NONE);
        }
        String function = spec.labels().getOrDefault(InstanceLabels.FUNCTION, spec.name());
        List<Secret> mounts = spec.secretMounts().stream()
                .map(m -> SecretVolumes.of(m, function, namespace, owner)).toList();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < mounts.size(); i++) {
            names.put(spec.secretMounts().get(i).name(), mounts.get(i).getMetadata().getName());
        }
        synchronized (lock) {
            for (Secret s : mounts) {
                // The name carries the content's hash: one that exists already holds these very files.
                KubeErrors.call("write secret " + s.getMetadata().getName(), () -> createUnlessThere(s));
            }
            Optional<String> pull = login.map(auth -> {
                Secret s = PullSecrets.of(auth, namespace, owner);
                KubeErrors.call("write the pull secret for " + auth.host(),
                        () -> client.secrets().inNamespace(namespace).resource(s)
                                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update));
                return s.getMetadata().getName();
            });
            return createPod.apply(new Refs(names, pull));
        }
    }

    /** Deletes this owner's Secrets that no pod of it (being deleted or not) names any more. */
    void sweep() {
        synchronized (lock) {
            List<Secret> secrets = KubeErrors.call("list secrets", () -> client.secrets().inNamespace(namespace)
                    .withLabels(selector()).list().getItems()).stream()
                    .filter(s -> s.getMetadata().getLabels().containsKey(SecretVolumes.KIND_LABEL)).toList();
            if (secrets.isEmpty()) {
                return;
            }
            Map<String, String> podSelector = owner == null ? Map.of() : Map.of(PodSpecs.OWNER_LABEL, owner.getName());
            Set<String> used = new HashSet<>();
            for (Pod p : KubeErrors.call("list pods", () -> client.pods().inNamespace(namespace)
                    .withLabels(podSelector).list().getItems())) {
                if (p.getMetadata().getDeletionTimestamp() != null || p.getSpec() == null) {
                    continue;
                }
                p.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                        .forEach(v -> used.add(v.getSecret().getSecretName()));
                p.getSpec().getImagePullSecrets().forEach(r -> used.add(r.getName()));
            }
            for (Secret s : secrets) {
                String name = s.getMetadata().getName();
                if (!used.contains(name)) {
                    KubeErrors.run("delete secret " + name,
                            () -> client.secrets().inNamespace(namespace).withName(name).delete());
                }
            }
        }
    }

    private Map<String, String> selector() {
        // Both kinds carry KIND_LABEL, filtered after the list: the owner label alone is an equality selector.
        Map<String, String> labels = new java.util.HashMap<>();
        if (owner != null) {
            labels.put(PodSpecs.OWNER_LABEL, owner.getName());
        }
        return labels;
    }

    private Secret createUnlessThere(Secret s) {
        try {
            return client.secrets().inNamespace(namespace).resource(s).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return s;
            }
            throw e;
        }
    }

    private static String host(String image) {
        try {
            return ImageRef.parse(image).host();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
