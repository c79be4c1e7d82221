package io.stoker.runtime.instance;

import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.spec.FunctionSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The hardened container for one instance of a function: limits, no capabilities, read-only root. */
public final class HardenedSpec {

    /**
     * Enough for a JVM or a Node process with its worker threads, few enough that a fork bomb
     * stops at the container.
     */
    public static final long PIDS_LIMIT = 256;
    /**
     * {@code /tmp} is the one place a function writes. The engine would also give it a writable {@code /dev/shm}; an
     * empty read-only one in its place keeps writing outside {@code /tmp} impossible (POSIX semaphores, e.g. Python's
     * multiprocessing locks, need it: they fail with EROFS).
     */
    public static final Map<String, String> TMPFS = Map.of("/tmp", "rw,nosuid,nodev,size=64m",
            "/dev/shm", "ro,nosuid,nodev,noexec,size=4k");

    private HardenedSpec() {}

    /**
     * The network an instance joins: the launcher's own, or for {@code egress: none} its internal twin
     * ({@code NETWORK-internal}), which has no route out. The instance's {@link InstanceLabels#NETWORK} label names
     * the launcher's network either way, so a launcher finds all its instances.
     */
    public static String networkFor(FunctionSpec.Egress egress, String network) {
        return egress == FunctionSpec.Egress.NONE ? internalNetwork(network) : network;
    }

    public static String internalNetwork(String network) {
        return network + "-internal";
    }

    public static String containerName(String function, String instanceId) {
        return "stoker-" + function + "-" + instanceId;
    }

    public static ContainerSpec of(FunctionSpec spec, String specHash, String instanceId, String network, String user) {
        return of(spec, specHash, instanceId, network, user, List.of());
    }

    /** With the secrets' read-only mounts; their values are never in the environment. */
    public static ContainerSpec of(FunctionSpec spec, String specHash, String instanceId, String network, String user,
                                   List<io.stoker.runtime.engine.SecretMount> secrets) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.put("PORT", Integer.toString(spec.port()));
        Map<String, String> labels = new HashMap<>(Map.of(
                InstanceLabels.FUNCTION, spec.name(),
                InstanceLabels.INSTANCE, instanceId,
                InstanceLabels.SPEC_HASH, specHash,
                InstanceLabels.PORT, Integer.toString(spec.port()),
                InstanceLabels.MANAGED, "true",
                InstanceLabels.NETWORK, network));
        if (spec.egress() == FunctionSpec.Egress.NONE) {
            labels.put(InstanceLabels.EGRESS, "none");
        }
        return new ContainerSpec(
                containerName(spec.name(), instanceId),
                spec.image(),
                env,
                labels,
                networkFor(spec.egress(), network),
                user,
                spec.limits().memoryBytes(),
                Math.round(spec.limits().cpu() * 1_000_000_000d),
                PIDS_LIMIT,
                true,
                TMPFS,
                List.of("ALL"),
                List.of("no-new-privileges"),
                secrets);
    }
}
