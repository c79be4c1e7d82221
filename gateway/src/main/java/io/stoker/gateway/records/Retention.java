package io.stoker.gateway.records;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Retention, enforced continuously: every {@code interval} (on the injected clock, so tests run it on virtual time)
 * a pass deletes the records older than {@code maxAge}, then, per function, all but the newest
 * {@code maxPerFunction}. Run by the record writer between batches ({@link RecordWriter}), one chunk of at most
 * {@code chunk} records per run: one big delete (a restarted gateway's backlog, or a busy function's overflow) held
 * the writer for seconds while the calls' records piled up behind it, and made one transaction of it all.
 */
final class Retention implements Runnable {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final JdbcRecordStore store;
    private final Clock clock;
    private final long maxAgeMicros;
    private final int maxPerFunction;
    private final long intervalMs;
    private final int chunk;
    private long nextMs;
    /** The pass under way, null between passes. */
    private Pass pass;

    Retention(JdbcRecordStore store, Clock clock, Duration maxAge, int maxPerFunction, Duration interval, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, was " + chunk);
        }
        this.store = store;
        this.clock = clock;
        this.maxAgeMicros = maxAge.toNanos() / 1000;
        this.maxPerFunction = maxPerFunction;
        this.intervalMs = interval.toMillis();
        this.chunk = chunk;
        this.nextMs = clock.millis(); // once at start: records a stopped gateway kept may be past their age
    }

    /** Where a pass stands: by age until that is done, then the functions over their count, one at a time. */
    private static final class Pass {
        final long cutoffMicros;
        boolean byAgeDone;
        /** Functions over their count, still to trim; null until the age part is done. */
        ArrayDeque<String> over;
        /** The first function's oldest kept record, found once per function and pass. */
        Cursor kept;
        int deleted;

        Pass(long cutoffMicros) {
            this.cutoffMicros = cutoffMicros;
        }
    }

    @Override
    public void run() {
        long now = clock.millis();
        if (pass == null) {
            if (now < nextMs) {
                return;
            }
            nextMs = now + intervalMs;
            pass = new Pass(now * 1000 - maxAgeMicros);
        }
        try {
            if (step(pass)) {
                if (pass.deleted > 0) {
                    LOG.debugf("retention deleted %d call records", pass.deleted);
                }
                pass = null;
            }
        } catch (SQLException e) {
            pass = null;
            LOG.warnf("enforcing the records' retention failed (tried again in %d s): %s", intervalMs / 1000,
                    e.getMessage());
        }
    }

    /** Whether a pass is under way (its next chunk runs at the next call). */
    boolean passing() {
        return pass != null;
    }

    /** One chunk of {@code p}; true when the pass is over. */
    private boolean step(Pass p) throws SQLException {
        if (!p.byAgeDone) {
            int n = store.deleteArrivedBefore(p.cutoffMicros, chunk);
            p.deleted += n;
            p.byAgeDone = n < chunk;
            return false;
        }
        if (p.over == null) {
            p.over = new ArrayDeque<>(store.functionsOver(maxPerFunction));
        }
        while (!p.over.isEmpty()) {
            String function = p.over.peek();
            if (p.kept == null) {
                Optional<Cursor> kept = store.oldestKept(function, maxPerFunction);
                if (kept.isEmpty()) { // trimmed meanwhile (a delete of the function)
                    p.over.poll();
                    continue;
                }
                p.kept = kept.get();
            }
            int n = store.deleteOlderThan(function, p.kept, chunk);
            p.deleted += n;
            if (n < chunk) {
                p.over.poll();
                p.kept = null;
            }
            return p.over.isEmpty();
        }
        return true;
    }
}
