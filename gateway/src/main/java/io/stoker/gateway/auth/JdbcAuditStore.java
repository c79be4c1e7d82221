package io.stoker.gateway.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit log in the record store's database (table {@code audit_entry}, migration V2): the embedded SQLite file, or
 * the PostgreSQL that several gateways share. Times are epoch microseconds, as the call records' are.
 */
public final class JdbcAuditStore implements AuditStore {

    /** Longer paths are cut: a path is a function's name and a few words, never a body. */
    static final int MAX_PATH = 2048;

    private final DataSource dataSource;
    private final String name;

    public JdbcAuditStore(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    @Override
    public void append(AuditLog.Entry e) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO audit_entry (at_us, token_id, scope, method, path,"
                     + " status) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, ChronoUnit.MICROS.between(Instant.EPOCH, e.at()));
            s.setString(2, e.tokenId());
            s.setString(3, e.scope());
            s.setString(4, e.method());
            s.setString(5, e.path().length() > MAX_PATH ? e.path().substring(0, MAX_PATH) : e.path());
            s.setInt(6, e.status());
            s.executeUpdate();
        }
    }

    @Override
    public List<AuditLog.Entry> since(Instant since) {
        long from = since == null ? Long.MIN_VALUE : ChronoUnit.MICROS.between(Instant.EPOCH, since);
        List<AuditLog.Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT at_us, token_id, scope, method, path, status"
                     + " FROM audit_entry WHERE at_us >= ? ORDER BY at_us, seq")) {
            s.setLong(1, from);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditLog.Entry(Instant.EPOCH.plus(rs.getLong(1), ChronoUnit.MICROS), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log from the " + name + " record store: "
                    + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public String where() {
        return "the " + name + " record store (table audit_entry)";
    }
}
