package io.stoker.runtime.fleet;

import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitListener;
import io.stoker.runtime.pool.Timer;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One subscription to the engine's container exits that outlives the engine. When the stream ends or cannot be
 * opened, it is opened again with back-off, resuming a little before the stream was lost ({@code since}) so an exit
 * during the gap is replayed; after each reconnect {@code reconnected} runs (the reconcile pass, which also covers
 * an engine that restarted and forgot its events). Exits may be reported twice; the pools ignore a second one.
 *
 * <p>Thread-safe. Opening blocks on the engine, so it runs on {@code opener}, never on the timer's thread.
 */
public final class EngineWatch implements Closeable {

    private static final Logger LOG = Logger.getLogger(EngineWatch.class);
    /** How far before the loss a reopened stream starts: clocks and event times are not exact. */
    static final Duration OVERLAP = Duration.ofSeconds(1);

    private final ContainerEngine engine;
    private final String label;
    private final Clock clock;
    private final Timer timer;
    private final Executor opener;
    private final Consumer<ContainerExit> exits;
    private final Runnable reconnected;
    private final Backoff backoff;

    // Guarded by this.
    private Closeable stream;
    private boolean closed;
    private boolean everOpened;
    private boolean lostOnce;
    /** The stream was open and working since the last loss: a new loss moves {@link #resumeFrom}. */
    private boolean healthy;
    private Instant resumeFrom;
    private long generation;

    /**
     * @param label the label every watched container carries
     * @param exits told of each exit, on the engine's stream thread
     * @param reconnected run after every reconnect that followed a loss, on the opener
     */
    public EngineWatch(ContainerEngine engine, String label, Clock clock, Timer timer, Executor opener,
                       Consumer<ContainerExit> exits, Runnable reconnected, Backoff backoff) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.label = Objects.requireNonNull(label, "label");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.exits = Objects.requireNonNull(exits, "exits");
        this.reconnected = Objects.requireNonNull(reconnected, "reconnected");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Opens the stream now, on this thread, or keeps trying with back-off (on the opener) until it opens. */
    public void start() {
        open();
    }

    /** Whether the stream is open now (false while the engine is away). */
    public synchronized boolean connected() {
        return stream != null;
    }

    private void open() {
        long attempt;
        Instant since;
        synchronized (this) {
            if (closed || stream != null) {
                return;
            }
            attempt = ++generation;
            since = resumeFrom; // null the first time: from now
        }
        Closeable opened;
        try {
            // The engine's client opens the stream on a thread of its own and reports a refused connection
            // later, through ended(); a plain call first tells an engine that is away from one that answers.
            engine.list(probeLabels());
            opened = engine.watchExits(label, since, new Listener(attempt));
        } catch (RuntimeException e) {
            Duration wait = backoff.next();
            LOG.debugf("watching the engine's exits failed (%s); again in %d ms", e.getMessage(), wait.toMillis());
            timer.schedule(() -> opener.execute(this::open), wait);
            return;
        }
        boolean reconcile;
        synchronized (this) {
            if (closed || generation != attempt) {
                closeQuietly(opened);
                return;
            }
            stream = opened;
            healthy = true;
            reconcile = lostOnce;
            if (everOpened || lostOnce) {
                LOG.info("watching the engine's container exits again");
            }
            everOpened = true;
        }
        backoff.reset();
        synchronized (this) {
            reconcile &= !closed; // a gateway stopping now must not remove what it leaves for the next one
        }
        if (reconcile) {
            try {
                reconnected.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "reconciling the pools with the engine failed; the next reconnect tries again");
            }
        }
    }

    /** The stream of one open: an end reported by a stream already replaced changes nothing. */
    private final class Listener implements ExitListener {
        private final long attempt;

        Listener(long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void exited(ContainerExit exit) {
            exits.accept(exit);
        }

        @Override
        public void ended(Throwable error) {
            synchronized (EngineWatch.this) {
                if (closed || generation != attempt) {
                    return;
                }
                stream = null;
                lostOnce = true;
                if (healthy || resumeFrom == null) {
                    // from just before the first loss not yet recovered: failed reopens do not move it
                    resumeFrom = clock.instant().minus(OVERLAP);
                }
                healthy = false;
                generation++; // a late open of this generation is dropped
            }
            LOG.warnf("the engine's event stream ended (%s); watching again with back-off",
                    error == null ? "closed by the engine" : error.getMessage());
            Duration wait = backoff.next();
            timer.schedule(() -> opener.execute(EngineWatch.this::open), wait);
        }
    }

    /** The watched label as a list filter ({@code key} or {@code key=value}). */
    private java.util.Map<String, String> probeLabels() {
        int eq = label.indexOf('=');
        return eq < 0 ? java.util.Map.of(label, "true") : java.util.Map.of(label.substring(0, eq), label.substring(eq + 1));
    }

    @Override
    public void close() {
        Closeable open;
        synchronized (this) {
            closed = true;
            open = stream;
            stream = null;
        }
        closeQuietly(open);
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // the stream is gone either way
        }
    }

    /** Waits between tries: from {@code first}, doubling, never past {@code max}; back to {@code first} after a success. */
    public static final class Backoff {
        private final Duration first;
        private final Duration max;
        private Duration next;

        public Backoff(Duration first, Duration max) {
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("back-off must be positive and first <= max, got " + first + ", " + max);
            }
            this.first = first;
            this.max = max;
            this.next = first;
        }

        synchronized Duration next() {
            Duration now = next;
            Duration doubled = next.multipliedBy(2);
            next = doubled.compareTo(max) > 0 ? max : doubled;
            return now;
        }

        synchronized void reset() {
            next = first;
        }
    }
}
