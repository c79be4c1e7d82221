package io.stoker.runtime.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Repeats a {@link ReadinessCheck} until it passes, the container dies, or time runs out. Polls
 * start 1 ms apart and back off to 5 ms, so an instance is seen ready at most about 5 ms after it
 * listens: a probe of a port nobody listens on yet is refused at once and costs some 50 µs, so
 * polling this often costs little, while a coarser schedule (2 ms growing to 20 ms, as before) added
 * up to 20 ms, 10 on average, to every cold start (docs/benchmarks.md, "Where a cold start's time goes").
 */
public final class ReadinessWait {

    public enum Outcome { READY, EXITED, TIMED_OUT }

    static final Duration FIRST_PAUSE = Duration.ofMillis(1);
    static final Duration LONGEST_PAUSE = Duration.ofMillis(5);
    /** Asking the engine is dearer than a probe, so whether the container still lives is asked less often. */
    static final Duration ALIVE_CHECK_EVERY = Duration.ofMillis(100);

    private final Clock clock;
    private final Duration timeout;

    public ReadinessWait(Clock clock, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("readiness timeout must be positive: " + timeout);
        }
        this.clock = clock;
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Waits for {@code check} on host:port.
     *
     * @param alive false once the container has stopped
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Outcome await(ReadinessCheck check, String host, int port, BooleanSupplier alive) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Instant nextAliveCheck = start.plus(ALIVE_CHECK_EVERY);
        long pauseNanos = FIRST_PAUSE.toNanos();
        while (true) {
            if (check.probe(host, port)) {
                return Outcome.READY;
            }
            Instant now = clock.instant();
            if (!now.isBefore(nextAliveCheck)) {
                if (!alive.getAsBoolean()) {
                    return Outcome.EXITED;
                }
                nextAliveCheck = now.plus(ALIVE_CHECK_EVERY);
            }
            if (!now.isBefore(deadline)) {
                return alive.getAsBoolean() ? Outcome.TIMED_OUT : Outcome.EXITED;
            }
            Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
            pauseNanos = nextPauseNanos(pauseNanos);
        }
    }

    /** The pause after one of {@code pauseNanos}: a quarter longer, at most {@link #LONGEST_PAUSE}. */
    static long nextPauseNanos(long pauseNanos) {
        return Math.min(LONGEST_PAUSE.toNanos(), pauseNanos + pauseNanos / 4);
    }
}
