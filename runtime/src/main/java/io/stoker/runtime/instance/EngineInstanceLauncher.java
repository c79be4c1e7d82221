package io.stoker.runtime.instance;

import io.stoker.runtime.engine.ContainerEngine;
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
    private volatile boolean networkReady;

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

    public String network() {
        return network;
    }

    @Override
    public LaunchedInstance launch(FunctionSpec spec, String specHash, String instanceId) {
        String what = "instance " + instanceId + " of function '" + spec.name() + "'";
        ensureNetwork(what);
        ContainerSpec container = HardenedSpec.of(spec, specHash, instanceId, network, userFor(spec, what));
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
            String host = addressOf(what, spec, instanceId, id);
            ReadinessCheck check = ReadinessCheck.forPath(spec.readinessPath());
            String containerId = id;
            ReadinessWait.Outcome outcome = readiness.await(check, host, spec.port(), () -> isRunning(containerId, spec, instanceId));
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

    private void ensureNetwork(String what) {
        if (networkReady) {
            return;
        }
        synchronized (this) {
            if (!networkReady) {
                try {
                    engine.ensureNetwork(network);
                } catch (EngineException e) {
                    throw new LaunchException("could not start " + what + ": network '" + network + "': " + e.getMessage(), e);
                }
                networkReady = true;
            }
        }
    }

    private String userFor(FunctionSpec spec, String what) {
        if (spec.user() != null && !spec.user().isBlank()) {
            return ImageUser.resolve(spec.user(), "");
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
    private String addressOf(String what, FunctionSpec spec, String instanceId, String containerId) {
        try {
            return engine.inspectAddress(containerId, network);
        } catch (EngineException e) {
            if (isRunning(containerId, spec, instanceId)) {
                throw e;
            }
            throw exitedEarly(what, spec, containerId);
        }
    }

    private LaunchException exitedEarly(String what, FunctionSpec spec, String containerId) {
        return new LaunchException(what + " (image " + spec.image() + ") exited before it was ready on port "
                + spec.port() + lastLogLines(containerId));
    }

    private boolean isRunning(String containerId, FunctionSpec spec, String instanceId) {
        return engine.list(Map.of(InstanceLabels.FUNCTION, spec.name(), InstanceLabels.INSTANCE, instanceId)).stream()
                .anyMatch(c -> c.id().equals(containerId) && c.running());
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
            return engine.inspectAddress(c.id(), network);
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
