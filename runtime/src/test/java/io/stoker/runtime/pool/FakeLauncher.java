package io.stoker.runtime.pool;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ExitCause;

import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchException;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording launcher: launches and resumes succeed at once (the pool's executor decides when they run) unless the
 * test asked for failures; every launch, stop, pause and resume is recorded, and a pause of a frozen container or a
 * resume of a thawed one counts as a {@link #violations violation}. Thread-safe.
 */
class FakeLauncher implements InstanceLauncher {

    final List<String> launched = new CopyOnWriteArrayList<>();
    final List<String> stopped = new CopyOnWriteArrayList<>();
    final List<String> paused = new CopyOnWriteArrayList<>();
    final List<String> resumed = new CopyOnWriteArrayList<>();
    /** Containers currently frozen. */
    final java.util.Set<String> frozen = ConcurrentHashMap.newKeySet();
    /** Pauses of a frozen container and resumes of a thawed one: the pool lost track of an instance. */
    final AtomicInteger violations = new AtomicInteger();
    private final AtomicInteger resumeFailuresToGo = new AtomicInteger();
    /** Containers {@link #find} reports running; a test removes one to make it look dead. */
    final Map<String, LaunchedInstance> running = new ConcurrentHashMap<>();
    private final AtomicInteger containers = new AtomicInteger();
    private final AtomicInteger failuresToGo = new AtomicInteger();
    private final AtomicInteger engineAwayToGo = new AtomicInteger();
    private volatile String failureMessage = "image not found";
    /** False: a launcher like Kubernetes's, which has no pause; a pause is then a violation. */
    volatile boolean pauses = true;

    @Override
    public boolean canPause() {
        return pauses;
    }

    /** The next {@code count} launches throw a {@link LaunchException} with {@code message}. */
    void failNext(int count, String message) {
        failureMessage = message;
        failuresToGo.set(count);
    }

    /** The next {@code count} launches fail because the engine does not answer. */
    void failNextEngineAway(int count) {
        engineAwayToGo.set(count);
    }

    /** The next {@code count} resumes throw a {@link LaunchException}. */
    void failNextResumes(int count) {
        resumeFailuresToGo.set(count);
    }

    /** Whether the container serving at {@code host} is frozen. */
    boolean frozenAt(String host) {
        return running.values().stream().anyMatch(i -> i.host().equals(host) && frozen.contains(i.containerId()));
    }

    /** The container the launcher started for {@code instanceId}. */
    String containerOf(String instanceId) {
        return running.values().stream()
                .filter(i -> i.instanceId().equals(instanceId))
                .map(LaunchedInstance::containerId)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no running container for " + instanceId));
    }

    @Override
    public LaunchedInstance launch(FunctionSpec spec, String specHash, String instanceId) {
        launched.add(instanceId);
        if (engineAwayToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new LaunchException("could not start " + instanceId, new EngineException.Unreachable(
                    "create container: the container engine does not answer", null));
        }
        if (failuresToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new LaunchException(failureMessage);
        }
        int n = containers.incrementAndGet();
        LaunchedInstance instance =
                new LaunchedInstance(spec.name(), instanceId, "c" + n, "10.0.0." + n, 8080, specHash, true);
        running.put(instance.containerId(), instance);
        return instance;
    }

    @Override
    public void stop(LaunchedInstance instance) {
        stopped.add(instance.instanceId());
        running.remove(instance.containerId());
        frozen.remove(instance.containerId());
    }

    @Override
    public void pause(LaunchedInstance instance) {
        paused.add(instance.instanceId());
        if (!running.containsKey(instance.containerId())) {
            throw new LaunchException("no such container " + instance.containerId());
        }
        if (!frozen.add(instance.containerId())) {
            countViolationUnlessKilled(instance);
            throw new IllegalStateException("container " + instance.containerId() + " is already paused");
        }
    }

    @Override
    public void resume(LaunchedInstance instance) {
        resumed.add(instance.instanceId());
        if (resumeFailuresToGo.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new LaunchException("cgroup thaw failed");
        }
        if (!frozen.remove(instance.containerId())) {
            countViolationUnlessKilled(instance);
            throw new IllegalStateException("container " + instance.containerId() + " is not paused");
        }
    }

    /**
     * A container a test killed (removed from {@link #running}) may be resumed or paused by the pool while its stop
     * runs on another thread and thaws it: the engine would refuse, and it is no sign that the pool lost track.
     */
    private void countViolationUnlessKilled(LaunchedInstance instance) {
        if (running.containsKey(instance.containerId())) {
            violations.incrementAndGet();
        }
    }

    /** How {@link #exitOf} says a container that is no longer {@link #running} ended (default: vanished). */
    final Map<String, ContainerExit> ended = new ConcurrentHashMap<>();
    /** When set, {@link #exitOf} throws it: the engine does not answer. */
    volatile RuntimeException engineDown;

    @Override
    public Optional<ContainerExit> exitOf(LaunchedInstance instance) {
        RuntimeException down = engineDown;
        if (down != null) {
            throw down;
        }
        if (running.containsKey(instance.containerId())) {
            return Optional.empty();
        }
        return Optional.of(ended.getOrDefault(instance.containerId(),
                new ContainerExit(instance.containerId(), ExitCause.VANISHED, -1, java.time.Instant.EPOCH)));
    }

    @Override
    public List<LaunchedInstance> find(String functionName) {
        List<LaunchedInstance> found = new ArrayList<>();
        running.values().stream().filter(i -> i.function().equals(functionName)).forEach(found::add);
        return Collections.unmodifiableList(found);
    }

    @Override
    public List<LaunchedInstance> findAll() {
        return List.copyOf(running.values());
    }
}
