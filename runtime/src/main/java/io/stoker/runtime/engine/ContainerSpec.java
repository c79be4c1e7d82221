package io.stoker.runtime.engine;

import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs to create one hardened function container.
 *
 * @param name container name (unique on the engine)
 * @param image image reference or id
 * @param env environment variables
 * @param labels labels, used to find and adopt containers after a restart
 * @param network the bridge network the container joins (and no other)
 * @param user "uid:gid" or a user name; never empty
 * @param memoryBytes hard memory limit (swap equal to it)
 * @param nanoCpus CPU limit in billionths of a CPU
 * @param pidsLimit maximum number of processes
 * @param readOnlyRootfs mount the root filesystem read-only
 * @param tmpfs tmpfs mounts, path to mount options
 * @param capDrop capabilities dropped ("ALL" drops every one)
 * @param securityOpts security options such as "no-new-privileges"
 * @param secretMounts secrets the container sees as read-only files (never as environment variables)
 */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> env,
        Map<String, String> labels,
        String network,
        String user,
        long memoryBytes,
        long nanoCpus,
        long pidsLimit,
        boolean readOnlyRootfs,
        Map<String, String> tmpfs,
        List<String> capDrop,
        List<String> securityOpts,
        List<SecretMount> secretMounts) {

    public ContainerSpec {
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        tmpfs = Map.copyOf(tmpfs);
        capDrop = List.copyOf(capDrop);
        securityOpts = List.copyOf(securityOpts);
        secretMounts = List.copyOf(secretMounts);
    }

    /** A container without secrets. */
    public ContainerSpec(String name, String image, Map<String, String> env, Map<String, String> labels,
                         String network, String user, long memoryBytes, long nanoCpus, long pidsLimit,
                         boolean readOnlyRootfs, Map<String, String> tmpfs, List<String> capDrop,
                         List<String> securityOpts) {
        this(name, image, env, labels, network, user, memoryBytes, nanoCpus, pidsLimit, readOnlyRootfs, tmpfs, capDrop,
                securityOpts, List.of());
    }
}
