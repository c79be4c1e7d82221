package io.stoker.gateway.records;

import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Retention, enforced continuously: every {@code interval} (on the injected clock, so tests run it on virtual time)
 * the store deletes records older than {@code maxAge} and keeps at most {@code maxPerFunction} per function. Run by the
 * record writer between batches ({@link RecordWriter}).
 */
final class Retention implements Runnable {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final JdbcRecordStore store;
    private final Clock clock;
    private final long maxAgeMicros;
    private final int maxPerFunction;
    private final long intervalMs;
    private long nextMs;

    Retention(JdbcRecordStore store, Clock clock, Duration maxAge, int maxPerFunction, Duration interval) {
        this.store = store;
        this.clock = clock;
        this.maxAgeMicros = maxAge.toNanos() / 1000;
        this.maxPerFunction = maxPerFunction;
        this.intervalMs = interval.toMillis();
        this.nextMs = clock.millis(); // once at start: records a stopped gateway kept may be past their age
    }

    @Override
    public void run() {
        long now = clock.millis();
        if (now < nextMs) {
            return;
        }
        nextMs = now + intervalMs;
        try {
            int deleted = store.prune(now * 1000, maxAgeMicros, maxPerFunction);
            if (deleted > 0) {
                LOG.debugf("retention deleted %d call records", deleted);
            }
        } catch (java.sql.SQLException e) {
            LOG.warnf("enforcing the records' retention failed (tried again in %d s): %s", intervalMs / 1000,
                    e.getMessage());
        }
    }
}
