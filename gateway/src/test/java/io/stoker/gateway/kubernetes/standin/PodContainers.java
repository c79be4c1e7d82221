package io.stoker.gateway.kubernetes.standin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.SecretMount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in's half of a kubelet: the Docker container that carries out a pod's spec, its hardening mapped flag for
 * flag (runAsUser/runAsGroup → user, limits → memory and CPU, readOnlyRootFilesystem, capabilities drop,
 * allowPrivilegeEscalation false → no-new-privileges, in-memory emptyDirs → tmpfs, secret volumes → read-only
 * mounts of their files; RuntimeDefault seccomp is
 * Docker's default profile). A pids limit is a kubelet setting (podPidsLimit), not a pod's: the stand-in sets 256.
 */
final class PodContainers {

    static final long PODS_PIDS_LIMIT = 256;

    private PodContainers() {}

    /** @param secretDirs the host directory of each secret volume, by volume name ({@link SecretVolumeFiles}) */
    static ContainerSpec of(Pod pod, String containerName, String network, Map<String, String> labels,
            Map<String, java.nio.file.Path> secretDirs) {
        Container c = pod.getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
        }
        SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        PodSecurityContext psc = pod.getSpec().getSecurityContext() == null ? new PodSecurityContext()
                : pod.getSpec().getSecurityContext();
        Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser();
        Long gid = sc.getRunAsGroup() != null ? sc.getRunAsGroup() : psc.getRunAsGroup();
        String user = uid == null ? "65534:65534" : uid + ":" + (gid == null ? uid : gid);
        Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                : c.getResources().getLimits();
        long memory = limits.containsKey("memory") ? Quantity.getAmountInBytes(limits.get("memory")).longValue() : 0;
        long nanoCpus = limits.containsKey("cpu")
                ? Quantity.getAmountInBytes(limits.get("cpu")).multiply(BigDecimal.valueOf(1_000_000_000L)).longValue()
                : 0;
        List<String> drop = sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null ? List.of()
                : sc.getCapabilities().getDrop();
        List<String> securityOpts = new ArrayList<>();
        if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            securityOpts.add("no-new-privileges");
        }
        if (psc.getFsGroup() != null && !psc.getFsGroup().equals(gid)) {
            // Docker's --user sets the primary group only; a kubelet would add fsGroup as a supplementary one.
            throw new IllegalArgumentException("the stand-in runs only pods whose fsGroup is their runAsGroup");
        }
        return new ContainerSpec(containerName, c.getImage(), env, labels, network, user, memory, nanoCpus,
                PODS_PIDS_LIMIT, Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()), tmpfs(pod, c), drop,
                securityOpts, secrets(c, secretDirs));
    }

    /** In-memory emptyDirs, mounted where the container mounts them, with their size limit. */
    private static Map<String, String> tmpfs(Pod pod, Container c) {
        Map<String, Volume> volumes = new HashMap<>();
        for (Volume v : pod.getSpec().getVolumes()) {
            volumes.put(v.getName(), v);
        }
        Map<String, String> tmpfs = new HashMap<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = volumes.get(m.getName());
            if (v != null && v.getSecret() != null) {
                continue; // see secrets()
            }
            if (v == null || v.getEmptyDir() == null || !"Memory".equals(v.getEmptyDir().getMedium())) {
                throw new IllegalArgumentException("the stand-in runs only in-memory emptyDir volumes, not "
                        + m.getName());
            }
            Quantity size = v.getEmptyDir().getSizeLimit();
            tmpfs.put(m.getMountPath(), "rw,nosuid,nodev"
                    + (size == null ? "" : ",size=" + Quantity.getAmountInBytes(size).longValue()));
        }
        return tmpfs;
    }

    /** Secret volumes, as the Docker driver's read-only secret mounts at the same place under /var/stoker/secrets. */
    private static List<SecretMount> secrets(Container c, Map<String, java.nio.file.Path> secretDirs) {
        List<SecretMount> mounts = new ArrayList<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            java.nio.file.Path dir = secretDirs.get(m.getName());
            if (dir == null) {
                continue;
            }
            String prefix = SecretMount.ROOT + "/";
            if (!m.getMountPath().startsWith(prefix) || !Boolean.TRUE.equals(m.getReadOnly())) {
                throw new IllegalArgumentException("the stand-in mounts secret volumes only read-only under "
                        + prefix + ", not " + m.getMountPath());
            }
            mounts.add(new SecretMount(m.getMountPath().substring(prefix.length()), dir.toString()));
        }
        return mounts;
    }
}
