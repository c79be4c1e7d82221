package io.stoker.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.engine.ExitListener;
import io.stoker.runtime.engine.FakeEngine;
import io.stoker.runtime.pool.Timer;
import io.stoker.runtime.testing.ManualClock;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The exit watch reopens after the engine's stream ends, replays the gap, and reconciles after each reconnect. */
class EngineWatchTest {

    /**
     * An engine that can be away, as while dockerd restarts. Like docker-java, a watch asked for then does not throw:
     * its stream ends at once, on the listener; plain calls throw.
     */
    static final class FlakyEngine extends FakeEngine {
        volatile boolean down;
        final List<Instant> sinces = new CopyOnWriteArrayList<>();

        @Override
        public Closeable watchExits(String label, Instant since, ExitListener listener) {
            sinces.add(since == null ? Instant.EPOCH : since);
            if (down) {
                listener.ended(new java.net.ConnectException("Connection refused"));
                return () -> { };
            }
            return super.watchExits(label, since, listener);
        }

        @Override
        public synchronized List<io.stoker.runtime.engine.ContainerSummary> list(Map<String, String> labels) {
            if (down) {
                throw new EngineException.Unreachable("list containers: the container engine does not answer", null);
            }
            return super.list(labels);
        }
    }

    /** Tasks run only when the test says; delays are recorded. */
    static final class StepTimer implements Timer {
        final List<Runnable> due = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public synchronized Cancellable schedule(Runnable task, Duration delay) {
            due.add(task);
            delays.add(delay);
            return () -> due.remove(task);
        }

        synchronized void runDue() {
            List<Runnable> now = List.copyOf(due);
            due.clear();
            now.forEach(Runnable::run);
        }
    }

    final FlakyEngine engine = new FlakyEngine();
    // Behind the fake engine's own (real) event times, as the gateway's clock may be a little.
    final ManualClock clock = new ManualClock(Instant.now().minusSeconds(5));
    final StepTimer timer = new StepTimer();
    final List<ContainerExit> exits = new CopyOnWriteArrayList<>();
    final AtomicInteger reconciles = new AtomicInteger();
    final EngineWatch watch = new EngineWatch(engine, "stoker.managed", clock, timer, Runnable::run, exits::add,
            reconciles::incrementAndGet, new EngineWatch.Backoff(Duration.ofMillis(250), Duration.ofSeconds(2)));

    private String container() {
        engine.withImage("img", "");
        engine.ensureNetwork("net");
        String id = engine.create(new ContainerSpec("c" + System.nanoTime(), "img", Map.of(),
                Map.of("stoker.managed", "true"), "net", "1:1", 1 << 20, 1, 1, true, Map.of(), List.of(), List.of()));
        engine.start(id);
        return id;
    }

    @Test
    void exitsReachTheListenerAndTheFirstOpenDoesNotReconcile() {
        watch.start();
        String id = container();
        engine.exit(id, ExitCause.EXITED, 3);
        assertThat(exits).extracting(ContainerExit::containerId).containsExactly(id);
        assertThat(watch.connected()).isTrue();
        assertThat(reconciles).hasValue(0);
    }

    @Test
    void afterTheStreamEndsItReopensFromJustBeforeTheLossAndReplaysTheGap() {
        watch.start();
        String id = container();
        engine.endWatches(new IOException("Premature end of chunk coded message body"));
        assertThat(watch.connected()).isFalse();
        engine.exit(id, ExitCause.KILLED, 137); // dies while nobody watches

        timer.runDue();

        assertThat(watch.connected()).isTrue();
        assertThat(engine.sinces.get(engine.sinces.size() - 1)).isEqualTo(clock.instant().minus(EngineWatch.OVERLAP));
        assertThat(exits).extracting(ContainerExit::containerId).containsExactly(id);
        assertThat(reconciles).as("a reconnect reconciles").hasValue(1);
    }

    @Test
    void whileTheEngineIsAwayItTriesAgainWithAGrowingBackOffThenResetsIt() {
        watch.start();
        engine.down = true;
        engine.endWatches(null);
        for (int i = 0; i < 5; i++) {
            timer.runDue();
        }
        assertThat(watch.connected()).isFalse();
        assertThat(timer.delays).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(reconciles).hasValue(0);

        engine.down = false;
        timer.runDue();
        assertThat(watch.connected()).isTrue();
        assertThat(reconciles).hasValue(1);

        engine.endWatches(null);
        assertThat(timer.delays.get(timer.delays.size() - 1)).as("back-off reset after a success")
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aStreamThatEndsAtOnceWhileTheEngineIsAwayNeitherResetsTheBackOffNorMovesTheResumePoint() {
        watch.start();
        engine.endWatches(null);
        Instant firstLoss = clock.instant().minus(EngineWatch.OVERLAP);
        engine.down = true;
        clock.advance(Duration.ofSeconds(3));
        for (int i = 0; i < 4; i++) {
            timer.runDue();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(reconciles).as("no reconcile while the engine is away").hasValue(0);
        assertThat(timer.delays).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        engine.down = false;
        timer.runDue();
        assertThat(engine.sinces.get(engine.sinces.size() - 1)).isEqualTo(firstLoss);
        assertThat(reconciles).hasValue(1);
    }

    @Test
    void anEngineDownAtTheFirstOpenIsWaitedForWithoutAReconcile() {
        engine.down = true;
        watch.start();
        timer.runDue();
        engine.down = false;
        timer.runDue();
        assertThat(watch.connected()).isTrue();
        assertThat(reconciles).as("nothing was lost before the first open: the restore covers it").hasValue(0);
    }

    @Test
    void closedItStaysClosed() {
        watch.start();
        watch.close();
        assertThat(engine.openWatches()).isZero();
        engine.endWatches(null);
        timer.runDue();
        assertThat(watch.connected()).isFalse();
        assertThat(engine.openWatches()).isZero();
    }
}
