package io.stoker.cli.system;

import java.time.Duration;
import java.util.Optional;

/**
 * Stops processes politely: SIGTERM, wait up to a grace period, then SIGKILL. Also tells whether a
 * recorded pid still belongs to the process we started, so that a stale pid file never makes us
 * signal an unrelated process that reused the pid.
 */
public final class ProcessControl {

    /** What {@link #stop} did. */
    public enum Outcome {
        NOT_RUNNING,
        TERMINATED,
        KILLED,
        /** still there after SIGKILL (or we may not signal it) */
        FAILED
    }

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    private final Host host;
    private final Sleeper sleeper;

    /** Waits; injected so that tests need not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public ProcessControl(Host host) {
        this(host, d -> Thread.sleep(d.toMillis()));
    }

    public ProcessControl(Host host, Sleeper sleeper) {
        this.host = host;
        this.sleeper = sleeper;
    }

    /**
     * Whether {@code pid} is alive and, when its command line can be read, contains {@code marker}
     * (e.g. "quarkus-run.jar").
     */
    public boolean isOurs(long pid, String marker) {
        if (!host.alive(pid)) {
            return false;
        }
        Optional<String> cmd = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine());
        return cmd.isEmpty() || marker == null || cmd.get().contains(marker);
    }

    public Outcome stop(long pid, Duration grace) {
        if (!host.alive(pid)) {
            return Outcome.NOT_RUNNING;
        }
        if (!host.kill(pid, Host.Signal.TERM)) {
            return host.alive(pid) ? Outcome.FAILED : Outcome.NOT_RUNNING;
        }
        if (waitGone(pid, grace)) {
            return Outcome.TERMINATED;
        }
        host.kill(pid, Host.Signal.KILL);
        return waitGone(pid, AFTER_KILL) ? Outcome.KILLED : Outcome.FAILED;
    }

    private boolean waitGone(long pid, Duration within) {
        long steps = Math.max(1, within.toMillis() / POLL.toMillis());
        for (long i = 0; i < steps; i++) {
            if (!host.alive(pid)) {
                return true;
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !host.alive(pid);
            }
        }
        return !host.alive(pid);
    }
}
