package io.stoker.gateway.kubernetes.engine;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.SecretMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A {@link SecretMount} as a Kubernetes {@code Secret}: one key per file the gateway decrypted into the mount's host
 * directory. The name hashes the owner, the function, the secret's name and its content, so a changed secret is a new
 * Secret (a pod's secret volume is fixed when the pod starts; the pool rolls the function's pods onto the new one) and
 * two gateways never share one (each deletes only its own, see {@link OwnedSecrets}).
 */
final class SecretVolumes {

    /** Every Secret the engine writes carries it, with what it is for: {@link #MOUNT} or {@link PullSecrets#PULL}. */
    static final String KIND_LABEL = "stoker.secret-kind";
    static final String MOUNT = "mount";
    static final String SECRET_LABEL = "stoker.secret";
    /** Read by the owner only; the pod's fsGroup makes it the function's group's (see {@link PodSpecs}). */
    static final int MODE = 0400;

    private SecretVolumes() {}

    /** The Secret for {@code mount}, read from its host directory now; a missing directory fails the create. */
    static Secret of(SecretMount mount, String function, String namespace, OwnerReference owner) {
        Map<String, String> data = new TreeMap<>();
        Path dir = Path.of(mount.hostDir());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                data.put(f.getFileName().toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new EngineException("secret " + mount.name() + ": cannot read its files in " + dir + " (" + e
                    + "); the gateway writes them before each create: is the secret still stored?");
        }
        String name = name("stoker-secret-" + mount.name(), owner, function, mount.name(), data.toString());
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(labels(owner, MOUNT, Map.of(SECRET_LABEL, mount.name(), io.stoker.runtime.instance
                        .InstanceLabels.FUNCTION, function)))
                .withOwnerReferences(owner == null ? java.util.List.of() : java.util.List.of(owner)).endMetadata()
                .withType("Opaque").withImmutable(true).withData(data).build();
    }

    /** {@code prefix-HASH}: a DNS subdomain under 253 characters whatever the parts are. */
    static String name(String prefix, OwnerReference owner, String... parts) {
        StringBuilder text = new StringBuilder(owner == null ? "" : owner.getName());
        for (String p : parts) {
            text.append('\0').append(p);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            String p = prefix.length() > 200 ? prefix.substring(0, 200) : prefix;
            return p + "-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Map<String, String> labels(OwnerReference owner, String kind, Map<String, String> more) {
        Map<String, String> labels = new TreeMap<>(more);
        labels.put(KIND_LABEL, kind);
        if (owner != null) {
            labels.put(PodSpecs.OWNER_LABEL, owner.getName());
        }
        return labels;
    }
}
