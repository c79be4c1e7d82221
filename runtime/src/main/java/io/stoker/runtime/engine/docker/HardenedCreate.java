package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.stoker.runtime.engine.SecretMount;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Maps a {@link ContainerSpec} onto a create command, every field of it, and nothing more. */
final class HardenedCreate {

    private HardenedCreate() {}

    static CreateContainerCmd command(DockerClient docker, ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withMemory(spec.memoryBytes())
                // Swap equal to memory means no swap at all.
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(spec.nanoCpus())
                .withPidsLimit(spec.pidsLimit())
                .withReadonlyRootfs(spec.readOnlyRootfs())
                .withTmpFs(spec.tmpfs())
                .withCapDrop(capabilities(spec.capDrop()))
                .withSecurityOpts(List.copyOf(spec.securityOpts()))
                .withNetworkMode(spec.network())
                .withPrivileged(false)
                // The pool replaces dead instances itself; the engine must not restart them behind its back.
                .withRestartPolicy(RestartPolicy.noRestart())
                .withInit(false)
                .withMounts(secretMounts(spec.secretMounts()));
        // No binds but the secrets' read-only directories (so never the engine socket) and no published ports: the
        // gateway reaches the container on its bridge address.
        return docker.createContainerCmd(spec.image())
                .withName(spec.name())
                .withEnv(env(spec.env()))
                .withLabels(spec.labels())
                .withUser(spec.user())
                .withHostConfig(host);
    }

    /**
     * Each secret's host directory, read-only, at its place under /var/stoker/secrets. A mount, not a bind: the
     * engine refuses a missing source instead of creating an empty directory owned by root in its place.
     */
    private static List<Mount> secretMounts(List<SecretMount> mounts) {
        List<Mount> list = new ArrayList<>();
        for (SecretMount m : mounts) {
            list.add(new Mount().withType(MountType.BIND).withSource(m.hostDir()).withTarget(m.target())
                    .withReadOnly(true));
        }
        return list;
    }

    private static List<String> env(Map<String, String> env) {
        List<String> list = new ArrayList<>();
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    private static Capability[] capabilities(List<String> names) {
        Capability[] caps = new Capability[names.size()];
        for (int i = 0; i < caps.length; i++) {
            String name = names.get(i).toUpperCase(java.util.Locale.ROOT);
            name = name.startsWith("CAP_") ? name.substring(4) : name;
            try {
                caps[i] = Capability.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new EngineException("unknown capability to drop: '" + names.get(i) + "'", e);
            }
        }
        return caps;
    }
}
