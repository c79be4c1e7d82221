package io.stoker.gateway.auth;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.records.StoredRecords;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every management call: when, who (the token's id, never the token), what (method and path; no body, so no value),
 * and the status it got. Kept in the record store with the call records (so gateways sharing a PostgreSQL share one
 * audit log, and it outlives any one gateway's home), or in {@code $STOKER_HOME/audit.jsonl} when records are off.
 * Written before the answer leaves: management calls are few, and an entry must not be lost to a crash after it.
 * Thread-safe.
 */
@ApplicationScoped
public class AuditLog {

    /** One call. {@code outcome}: allowed (2xx/3xx), denied (401/403) or failed (any other status). */
    public record Entry(Instant at, String tokenId, String scope, String method, String path, int status) {
        public String outcome() {
            return status == 401 || status == 403 ? "denied" : status < 400 ? "allowed" : "failed";
        }
    }

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditStore store;
    private final Clock clock;

    @jakarta.inject.Inject
    public AuditLog(StokerConfig config, Clock clock, StoredRecords records) {
        this(records.dataSource().<AuditStore>map(ds -> new JdbcAuditStore(ds, records.storeName()))
                .orElseGet(() -> new AuditFile(Path.of(config.home(), "audit.jsonl"))), clock);
        LOG.infof("audit log: %s", store.where());
    }

    public AuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Keeps one call made now. A failed write is logged, never thrown: the call itself has happened. */
    public synchronized void record(Caller caller, String method, String path, int status) {
        Entry e = new Entry(clock.instant(), caller == null ? "-" : caller.tokenId(),
                caller == null ? "-" : caller.scope().text(), method, path, status);
        try {
            store.append(e);
        } catch (Exception ex) {
            LOG.warnf("cannot keep an audit entry in %s: %s", store.where(), ex.getMessage());
        }
    }

    /** The calls made at or after {@code since} (null: all), oldest first. */
    public synchronized List<Entry> since(Instant since) {
        return store.since(since);
    }
}
