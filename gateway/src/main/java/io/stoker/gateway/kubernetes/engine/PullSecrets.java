package io.stoker.gateway.kubernetes.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.stoker.runtime.engine.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A registry login the gateway stores, as the {@code kubernetes.io/dockerconfigjson} Secret a pod names in
 * {@code imagePullSecrets}: the node's kubelet, not the gateway, pulls a function's image, so it needs the login.
 * One Secret per owner and registry host, rewritten when the login changes.
 */
final class PullSecrets {

    static final String PULL = "pull";
    static final String TYPE = "kubernetes.io/dockerconfigjson";
    static final String KEY = ".dockerconfigjson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PullSecrets() {}

    static Secret of(RegistryAuth auth, String namespace, OwnerReference owner) {
        return new SecretBuilder().withNewMetadata().withName(name(auth.host(), owner)).withNamespace(namespace)
                .withLabels(SecretVolumes.labels(owner, PULL, Map.of()))
                .withAnnotations(Map.of("stoker.io/registry", auth.host()))
                .withOwnerReferences(owner == null ? java.util.List.of() : java.util.List.of(owner)).endMetadata()
                .withType(TYPE)
                .withData(Map.of(KEY, base64(dockerConfig(auth)))).build();
    }

    static String name(String host, OwnerReference owner) {
        return SecretVolumes.name("stoker-pull", owner, host);
    }

    /** {@code {"auths": {HOST: {"auth": base64(user:password)}}}}, as {@code docker login} writes it. */
    static String dockerConfig(RegistryAuth auth) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("auths").putObject(auth.host())
                .put("auth", base64(auth.username() + ":" + auth.password()));
        return root.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
