package io.stoker.gateway.auth;

import java.time.Instant;
import java.util.List;

/** Where the audit log's entries are kept: the record store when there is one, else a file of one's own. */
public interface AuditStore {

    /** Keeps one entry; throws when it could not. */
    void append(AuditLog.Entry entry) throws Exception;

    /** The entries at or after {@code since} (null: all), oldest first. */
    List<AuditLog.Entry> since(Instant since);

    /** Where the entries go, for the log line that says so. */
    String where();
}
