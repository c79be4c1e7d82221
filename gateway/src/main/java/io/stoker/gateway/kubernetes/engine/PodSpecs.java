package io.stoker.gateway.kubernetes.engine;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.SecretMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod for one instance, from the same {@link ContainerSpec} the Docker driver hardens a container with: non-root
 * user, read-only root, every capability dropped, no privilege escalation, the runtime's default seccomp profile,
 * requests equal to limits (memory and CPU), in-memory {@code emptyDir}s where the container has tmpfs mounts, no
 * service-account token, the spec's labels, and an owner reference to the gateway pod, so Kubernetes removes the pods
 * of a gateway that is gone.
 *
 * <p>A pod is created with the scheduling gate {@link #START_GATE}: the scheduler leaves it alone until
 * {@link KubernetesEngine#start} lifts the gate, which is Kubernetes's own "created, not started".
 */
public final class PodSpecs {

    /** The scheduling gate a pod holds between create and start. */
    public static final String START_GATE = "stoker.io/start";
    /**
     * The gateway pod that made it, so a gateway lists (adopts, reconciles, removes) only its own pods when several
     * share a namespace.
     */
    public static final String OWNER_LABEL = "stoker.owner";
    /** The one container in a function pod. */
    public static final String CONTAINER = "function";
    /** A pod asked to stop gets this long between SIGTERM and SIGKILL; the pool has drained its calls before. */
    static final long GRACE_SECONDS = 5;

    private PodSpecs() {}

    /**
     * @param owner the gateway pod that owns this pod, or null outside a cluster (then nothing removes the pods of a
     *     gateway that is gone but the next gateway's adoption)
     */
    public static Pod of(ContainerSpec spec, String namespace, OwnerReference owner) {
        return of(spec, namespace, owner, OwnedSecrets.Refs.NONE);
    }

    /**
     * @param secrets the Secret each of the spec's secret mounts is in, and the pull secret of its image's registry
     */
    static Pod of(ContainerSpec spec, String namespace, OwnerReference owner, OwnedSecrets.Refs secrets) {
        long[] user = numericUser(spec.user(), spec.name());
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> tmpfs : new TreeMap<>(spec.tmpfs()).entrySet()) {
            String volume = "tmpfs-" + n++;
            VolumeBuilder v = new VolumeBuilder().withName(volume).withNewEmptyDir().withMedium("Memory").endEmptyDir();
            long size = tmpfsSize(tmpfs.getValue());
            if (size > 0) {
                v.editEmptyDir().withSizeLimit(new Quantity(Long.toString(size))).endEmptyDir();
            }
            volumes.add(v.build());
            // A read-only tmpfs (an empty /dev/shm in place of the writable one) is a read-only mount here too.
            boolean readOnly = java.util.Arrays.asList(tmpfs.getValue().split(",")).contains("ro");
            mounts.add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(volume)
                    .withMountPath(tmpfs.getKey()).withReadOnly(readOnly ? Boolean.TRUE : null).build());
        }
        for (SecretMount secret : spec.secretMounts()) {
            String secretName = secrets.mounts().get(secret.name());
            if (secretName == null) {
                throw new IllegalArgumentException("no Secret written for the secret mount " + secret.name());
            }
            String volume = "secret-" + secret.name();
            volumes.add(new VolumeBuilder().withName(volume).withNewSecret().withSecretName(secretName)
                    .withDefaultMode(SecretVolumes.MODE).withOptional(false).endSecret().build());
            mounts.add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(volume)
                    .withMountPath(secret.target()).withReadOnly(true).build());
        }
        Map<String, Quantity> resources = new TreeMap<>();
        if (spec.memoryBytes() > 0) {
            resources.put("memory", new Quantity(Long.toString(spec.memoryBytes())));
        }
        if (spec.nanoCpus() > 0) {
            resources.put("cpu", new Quantity(Math.max(1, spec.nanoCpus() / 1_000_000) + "m"));
        }
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.image())
                .withImagePullPolicy("IfNotPresent")
                .withEnv(env(spec.env()))
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .withVolumeMounts(mounts)
                .withNewSecurityContext()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(user[0])
                    .withRunAsGroup(user[1])
                    .withReadOnlyRootFilesystem(spec.readOnlyRootfs())
                    .withAllowPrivilegeEscalation(!spec.securityOpts().contains("no-new-privileges"))
                    .withPrivileged(false)
                    .withCapabilities(new Capabilities(List.of(), capDrop(spec.capDrop())))
                .endSecurityContext();
        port(spec.env()).ifPresent(p -> container.addNewPort().withName("http").withContainerPort(p).endPort());
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                    .withName(spec.name())
                    .withNamespace(namespace)
                    .withLabels(labels(spec.labels(), owner))
                .endMetadata()
                .withNewSpec()
                    .withSchedulingGates(new PodSchedulingGate(START_GATE))
                    .withRestartPolicy("Never")
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(user[0])
                        .withRunAsGroup(user[1])
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .withContainers(container.build())
                    .withVolumes(volumes)
                .endSpec();
        if (!spec.secretMounts().isEmpty()) {
            // A kubelet writes a secret volume's files as root, defaultMode 0400: unreadable to a non-root user.
            // With fsGroup it gives them to that group and adds group read (0440, root:GID), and the container's
            // processes get the group: the function's own gid, so its user reads them and no other pod's does.
            pod.editSpec().editSecurityContext().withFsGroup(user[1]).endSecurityContext().endSpec();
        }
        secrets.pull().ifPresent(name -> pod.editSpec().addNewImagePullSecret(name).endSpec());
        if (owner != null) {
            pod.editMetadata().withOwnerReferences(owner).endMetadata();
        }
        return pod.build();
    }

    /**
     * {@code uid[:gid]} as numbers. Kubernetes checks {@code runAsNonRoot} against a number only, so a user name (or
     * root) is refused here, with what to write instead.
     */
    static long[] numericUser(String user, String what) {
        String[] parts = user == null ? new String[0] : user.strip().split(":", 2);
        try {
            long uid = Long.parseLong(parts[0]);
            long gid = parts.length > 1 ? Long.parseLong(parts[1]) : uid;
            if (uid == 0) {
                throw new EngineException("container " + what + ": function pods never run as root (uid 0): set "
                        + "user: to a numeric uid:gid other than 0 in stoker.yaml");
            }
            return new long[] {uid, gid};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new EngineException("container " + what + ": user '" + user + "' is not numeric; on Kubernetes set "
                    + "user: to a numeric uid:gid in stoker.yaml (the node checks runAsNonRoot by number)");
        }
    }

    /** The {@code size=} of tmpfs options ({@code 64m}, {@code 1g}, {@code 4096k}, bytes), or 0 when none is given. */
    static long tmpfsSize(String options) {
        for (String option : options.split(",")) {
            String o = option.strip().toLowerCase(Locale.ROOT);
            if (!o.startsWith("size=")) {
                continue;
            }
            String v = o.substring(5);
            long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1L;
            };
            String digits = unit == 1L ? v : v.substring(0, v.length() - 1);
            try {
                return Long.parseLong(digits) * unit;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static Map<String, String> labels(Map<String, String> labels, OwnerReference owner) {
        Map<String, String> all = new TreeMap<>(labels);
        if (owner != null) {
            all.put(OWNER_LABEL, owner.getName());
        }
        return all;
    }

    private static List<String> capDrop(List<String> drop) {
        return drop.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
    }

    private static List<EnvVar> env(Map<String, String> env) {
        return new TreeMap<>(env).entrySet().stream()
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                .toList();
    }

    private static java.util.Optional<Integer> port(Map<String, String> env) {
        try {
            return java.util.Optional.of(Integer.parseInt(env.getOrDefault("PORT", "")));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
