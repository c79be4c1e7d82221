package io.stoker.runtime.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records pool events as short strings, e.g. {@code started RESUME PT0.02S}. Thread-safe. */
final class RecordingListener implements PoolListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void instanceStarted(String function, StartKind kind, Duration took) {
        events.add("started " + kind + " " + took);
    }

    @Override
    public void instanceStartFailed(String function, StartKind kind, String reason) {
        events.add("failed " + kind + " " + reason);
    }

    @Override
    public void instanceStopped(String function, String reason) {
        events.add("stopped " + reason);
    }
}
