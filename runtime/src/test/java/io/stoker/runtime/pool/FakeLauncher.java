package io.stoker.runtime.pool;

import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchException;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording launcher: launches succeed at once (the pool's executor decides when they run) unless the test asked for
 * failures; every launch and stop is recorded. Thread-safe.
 */
class FakeLauncher implements InstanceLauncher {

    final List<String> launched = new CopyOnWriteArrayList<>();
    final List<String> stopped = new CopyOnWriteArrayList<>();
    /** Containers {@link #find} reports running; a test removes one to make it look dead. */
    final Map<String, LaunchedInstance> running = new ConcurrentHashMap<>();
    private final AtomicInteger containers = new AtomicInteger();
    private final AtomicInteger failuresToGo = new AtomicInteger();
    private volatile String failureMessage = "image not found";

    /** The next {@code count} launches throw a {@link LaunchException} with {@code message}. */
    void failNext(int count, String message) {
        failureMessage = message;
        failuresToGo.set(count);
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
    }

    @Override
    public void pause(LaunchedInstance instance) {
        throw new UnsupportedOperationException("the pool does not pause yet");
    }

    @Override
    public void resume(LaunchedInstance instance) {
        throw new UnsupportedOperationException("the pool does not pause yet");
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
