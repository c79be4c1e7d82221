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
    public static final Map<String, String> TMPFS = Map.of("/tmp", "rw,nosuid,nodev,size=64m");

    private HardenedSpec() {}

    public static String containerName(String function, String instanceId) {
        return "stoker-" + function + "-" + instanceId;
    }

    public static ContainerSpec of(FunctionSpec spec, String specHash, String instanceId, String network, String user) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.put("PORT", Integer.toString(spec.port()));
        Map<String, String> labels = Map.of(
                InstanceLabels.FUNCTION, spec.name(),
                InstanceLabels.INSTANCE, instanceId,
                InstanceLabels.SPEC_HASH, specHash,
                InstanceLabels.PORT, Integer.toString(spec.port()),
                InstanceLabels.MANAGED, "true",
                InstanceLabels.NETWORK, network);
        return new ContainerSpec(
                containerName(spec.name(), instanceId),
                spec.image(),
                env,
                labels,
                network,
                user,
                spec.limits().memoryBytes(),
                Math.round(spec.limits().cpu() * 1_000_000_000d),
                PIDS_LIMIT,
                true,
                TMPFS,
                List.of("ALL"),
                List.of("no-new-privileges"));
    }
}
