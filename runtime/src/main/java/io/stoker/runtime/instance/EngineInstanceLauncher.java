package io.stoker.runtime.instance;

import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.EngineCapability;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.ContainerSummary;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ImageInfo;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import io.stoker.runtime.engine.ContainerExit;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * {@link InstanceLauncher} on a {@link ContainerEngine}: one hardened container per instance on
 * the functions' own bridge network, ready when its {@link ReadinessCheck} passes. A launch that
 * fails leaves no container behind. {@link #find} and {@link #findAll} see only the instances on
 * this launcher's network. Thread-safe.
 */
public final class EngineInstanceLauncher implements InstanceLauncher {

    public static final String DEFAULT_NETWORK = "stoker-functions";
    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(30);
    /** Containers created and started at once, over all functions; see {@link #launch}. */
    public static final int DEFAULT_PARALLEL_STARTS = 1;
    /** Log lines quoted when an instance fails to come up. */
    static final int LOG_TAIL = 20;

    private final ContainerEngine engine;
    private final String network;
    private final ReadinessWait readiness;
    private final Semaphore starts;
    /** The networks made (or found) on the engine so far: the launcher's own and maybe its internal twin. */
    private final java.util.Set<String> networksReady = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile SecretFiles secrets = SecretFiles.NONE;
    private volatile java.util.function.Consumer<String> networkListener = name -> { };

    public EngineInstanceLauncher(ContainerEngine engine, String network, Duration readinessTimeout, Clock clock) {
        this(engine, network, readinessTimeout, clock, DEFAULT_PARALLEL_STARTS);
    }

    /**
     * @param parallelStarts containers created and started at once; more launches wait their turn (first come,
     *     first served) before the engine sees them, while the readiness waits of those started run in parallel
     */
    public EngineInstanceLauncher(ContainerEngine engine, String network, Duration readinessTimeout, Clock clock,
                                  int parallelStarts) {
        if (network == null || network.isBlank()) {
            throw new IllegalArgumentException("network name must not be empty");
        }
        if (parallelStarts < 1) {
            throw new IllegalArgumentException("parallel starts must be at least 1, got " + parallelStarts);
        }
        this.engine = engine;
        this.network = network;
        this.readiness = new ReadinessWait(clock, readinessTimeout);
        this.starts = new Semaphore(parallelStarts, true);
    }

    public EngineInstanceLauncher(ContainerEngine engine) {
        this(engine, DEFAULT_NETWORK, DEFAULT_READINESS_TIMEOUT, Clock.systemUTC());
    }

    /** Where the secrets functions name come from (none until set). */
    public EngineInstanceLauncher withSecrets(SecretFiles secretFiles) {
        this.secrets = secretFiles;
        return this;
    }

    /**
     * Told the name of each network this launcher makes ready, before any instance joins it (the gateway learns its
     * address range from the engine then).
     */
    public EngineInstanceLauncher onNetworkReady(java.util.function.Consumer<String> listener) {
        this.networkListener = listener;
        return this;
    }

    public String network() {
        return network;
    }

    /** {@code egress: none} needs an engine that makes networks: refused (400 unsupported_by_engine) elsewhere. */
    @Override
    public void requireSupported(FunctionSpec spec) {
        if (spec.egress() == FunctionSpec.Egress.NONE && !engine.can(EngineCapability.NETWORKS)) {
            throw new EngineException.Unsupported(EngineCapability.NETWORKS, "egress: none needs a network with no"
                    + " route out, which this engine does not make (on Kubernetes, give the namespace a NetworkPolicy"
                    + " instead); deploy it with egress: internet, or on the Docker engine");
        }
    }

    @Override
    public LaunchedInstance launch(FunctionSpec spec, String specHash, String instanceId) {
        String what = "instance " + instanceId + " of function '" + spec.name() + "'";
        String joined = HardenedSpec.networkFor(spec.egress(), network);
        ensureNetwork(what, joined, spec.egress() == FunctionSpec.Egress.NONE);
        String user = userFor(spec, what);
        ContainerSpec container = HardenedSpec.of(spec, specHash, instanceId, network, user,
                spec.secrets().isEmpty() ? List.of() : secrets.mountsFor(spec, specHash, user));
        String id = null;
        try {
            // The engine sets starts up largely one after another (network namespaces, its own locks): of six
            // started at once the first was up after 1.8 s, where one alone takes 0.7 s. Taking them in turn
            // gets the first new instance serving sooner (docs/benchmarks.md, "Starts one at a time").
            starts.acquire();
            try {
                id = engine.create(container);
                engine.start(id);
            } finally {
                starts.release();
            }
            String host = addressOf(what, spec, id, joined);
            ReadinessCheck check = ReadinessCheck.forPath(spec.readinessPath());
            String containerId = id;
            ReadinessWait.Outcome outcome = readiness.await(check, host, spec.port(), () -> isRunning(containerId));
            switch (outcome) {
                case READY:
                    return new LaunchedInstance(spec.name(), instanceId, id, host, spec.port(), specHash, true);
                case EXITED:
                    throw exitedEarly(what, spec, id);
                default:
                    throw new LaunchException(what + " (image " + spec.image() + ") was not ready within "
                            + readiness.timeout().toMillis() + " ms (" + check + " on port " + spec.port()
                            + "): does it listen on $PORT?" + lastLogLines(id));
            }
        } catch (LaunchException e) {
            removeQuietly(id, e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LaunchException failure = new LaunchException(
                    what + ": interrupted while waiting for its turn to start or for readiness", e);
            removeQuietly(id, failure);
            throw failure;
        } catch (RuntimeException e) {
            LaunchException failure = new LaunchException("could not start " + what + " (image " + spec.image()
                    + "): " + e.getMessage() + (id == null ? "" : lastLogLines(id)), e);
            removeQuietly(id, failure);
            throw failure;
        }
    }

    @Override
    public void stop(LaunchedInstance instance) {
        engine.remove(instance.containerId());
    }

    @Override
    public boolean canPause() {
        return engine.can(EngineCapability.PAUSE);
    }

    @Override
    public void pause(LaunchedInstance instance) {
        engine.pause(instance.containerId());
    }

    @Override
    public void resume(LaunchedInstance instance) {
        engine.unpause(instance.containerId());
    }

    @Override
    public Optional<ContainerExit> exitOf(LaunchedInstance instance) {
        return engine.exitOf(instance.containerId());
    }

    @Override
    public List<LaunchedInstance> find(String functionName) {
        return toInstances(engine.list(Map.of(InstanceLabels.FUNCTION, functionName, InstanceLabels.MANAGED, "true",
                InstanceLabels.NETWORK, network)));
    }

    @Override
    public List<LaunchedInstance> findAll() {
        return toInstances(engine.list(Map.of(InstanceLabels.MANAGED, "true", InstanceLabels.NETWORK, network)));
    }

    private void ensureNetwork(String what, String name, boolean internal) {
        if (networksReady.contains(name)) {
            return;
        }
        synchronized (this) {
            if (!networksReady.contains(name)) {
                try {
                    engine.ensureNetwork(name, internal);
                } catch (EngineException e) {
                    throw new LaunchException("could not start " + what + ": network '" + name + "': " + e.getMessage(), e);
                }
                networkListener.accept(name);
                networksReady.add(name);
            }
        }
    }

    private String userFor(FunctionSpec spec, String what) {
        if (spec.user() != null && !spec.user().isBlank()) {
            return ImageUser.resolve(spec.user(), "");
        }
        if (!engine.can(EngineCapability.IMAGES)) {
            // The nodes pull the image; its USER is not known here, so it runs as nobody unless user: names one.
            return ImageUser.resolve("", "");
        }
        ImageInfo image;
        try {
            image = engine.inspectImage(spec.image()).orElseThrow(() -> new LaunchException(
                    "could not start " + what + ": image '" + spec.image() + "' is not on the engine; build or deploy it first"));
        } catch (EngineException e) {
            throw new LaunchException("could not start " + what + ": " + e.getMessage(), e);
        }
        return ImageUser.resolve("", image.user());
    }

    /** A container that died right after its start has no address: say that it died, not that. */
    private String addressOf(String what, FunctionSpec spec, String containerId, String joined) {
        try {
            return engine.inspectAddress(containerId, joined);
        } catch (EngineException e) {
            if (isRunning(containerId)) {
                throw e;
            }
            throw exitedEarly(what, spec, containerId);
        }
    }

    private LaunchException exitedEarly(String what, FunctionSpec spec, String containerId) {
        return new LaunchException(what + " (image " + spec.image() + ") exited before it was ready on port "
                + spec.port() + lastLogLines(containerId));
    }

    /**
     * Asks about this one container (an inspect), not a label-filtered list of all of them: the readiness wait asks
     * every 100 ms on the launching thread, and no probe runs while it waits for the answer.
     */
    private boolean isRunning(String containerId) {
        return engine.exitOf(containerId).isEmpty();
    }

    private String lastLogLines(String containerId) {
        List<String> lines = new CopyOnWriteArrayList<>();
        try {
            engine.logs(containerId, false, LOG_TAIL, lines::add).close();
        } catch (EngineException.NotFound e) {
            return "; the container is gone (removed by another process?)";
        } catch (Exception e) {
            return "; its logs could not be read: " + e.getMessage();
        }
        if (lines.isEmpty()) {
            return "; it printed nothing";
        }
        return "; its last log lines:\n  " + String.join("\n  ", lines);
    }

    private void removeQuietly(String containerId, LaunchException failure) {
        if (containerId == null) {
            return;
        }
        try {
            engine.remove(containerId);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private List<LaunchedInstance> toInstances(List<ContainerSummary> containers) {
        List<LaunchedInstance> result = new ArrayList<>();
        for (ContainerSummary c : containers) {
            String function = c.labels().get(InstanceLabels.FUNCTION);
            String instanceId = c.labels().get(InstanceLabels.INSTANCE);
            if (function == null || instanceId == null) {
                continue; // a managed container of another kind, not an instance
            }
            result.add(new LaunchedInstance(function, instanceId, c.id(), hostOf(c), portOf(c),
                    c.labels().getOrDefault(InstanceLabels.SPEC_HASH, ""), c.running()));
        }
        return result;
    }

    /** Paused instances keep their address, so a standby can be adopted too. */
    private String hostOf(ContainerSummary c) {
        if (!c.running() && !c.paused()) {
            return "";
        }
        try {
            String joined = "none".equals(c.labels().get(InstanceLabels.EGRESS))
                    ? HardenedSpec.internalNetwork(network) : network;
            return engine.inspectAddress(c.id(), joined);
        } catch (EngineException goneOrElsewhere) {
            return "";
        }
    }

    private static int portOf(ContainerSummary c) {
        try {
            return Integer.parseInt(c.labels().getOrDefault(InstanceLabels.PORT, ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
