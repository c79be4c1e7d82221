package io.stoker.gateway.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.logging.Logger;

/**
 * Copies the records and audit log of the embedded store's former H2 file ({@code <path>.mv.db}) into the SQLite
 * store that replaced it, once: the file is renamed to {@code .mv.db.imported} after a complete copy.
 */
final class H2Import {

    private static final Logger LOG = Logger.getLogger(H2Import.class);

    /** Rows per SQLite transaction: few commits (each one a sync), little held back if the import stops. */
    static final int BATCH = 1_000;
    /** How often the caller hears how far the import is. */
    static final long PROGRESS_EVERY = 100_000;

    static final String H2_SUFFIX = ".mv.db";
    static final String IMPORTED_SUFFIX = ".mv.db.imported";

    private static final String AUDIT_COLUMNS = "seq, at_us, token_id, scope, method, path, status";

    private H2Import() {
    }

    /**
     * Imports {@code <embeddedPath>.mv.db} into {@code sqlite} (migrated already) if that file is there, and renames
     * it to {@code <embeddedPath>.mv.db.imported}. Run it before anything writes to {@code sqlite}: rows whose key is
     * already there are skipped (so that an import cut short copies the rest when run again), and an audit entry's
     * key is its seq.
     *
     * Logs its start and its end (the file's new name); the start waits for it.
     *
     * @param progress told the number of rows copied so far, every {@link #PROGRESS_EVERY} rows
     * @return the number of rows (records and audit entries) copied from the file, 0 if there is none
     * @throws IllegalStateException if the copy or the rename failed; the message names the file and what to do
     */
    static long importIfPresent(Path embeddedPath, DataSource sqlite, LongConsumer progress) {
        Path file = embeddedPath.resolveSibling(embeddedPath.getFileName() + H2_SUFFIX);
        if (!Files.exists(file)) {
            return 0;
        }
        LOG.infof("call records: importing the records and audit log of an earlier version's store %s", file);
        JdbcDataSource h2 = new JdbcDataSource();
        // IFEXISTS: a file gone since the check is an error, not a new empty database. LAZY_QUERY_EXECUTION: rows
        // stream from the table instead of being gathered first (bodies of up to 1 MiB each).
        h2.setURL("jdbc:h2:file:" + embeddedPath.toAbsolutePath() + ";IFEXISTS=TRUE;LAZY_QUERY_EXECUTION=TRUE");
        h2.setUser("");
        h2.setPassword("");
        long copied;
        // The only connection: closing it closes the database and lets go of the file before the rename.
        try (Connection from = h2.getConnection(); Connection to = sqlite.getConnection()) {
            to.setAutoCommit(false);
            copied = 0;
            // A file made before migration V2 has no audit log.
            if (hasTable(from, "CALL_RECORD")) {
                copied = copy(from, to, "call_record", RecordSql.COLUMNS, copied, progress);
            }
            if (hasTable(from, "AUDIT_ENTRY")) {
                copied = copy(from, to, "audit_entry", AUDIT_COLUMNS, copied, progress);
            }
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("importing the old records from " + file + " failed: " + e.getMessage()
                    + ". The file is left in place and the next start tries again (rows copied so far are kept and "
                    + "not copied twice); to start without its records, move " + file + " away.", e);
        }
        Path kept = unused(embeddedPath.resolveSibling(embeddedPath.getFileName() + IMPORTED_SUFFIX));
        try {
            Files.move(file, kept);
        } catch (IOException e) {
            throw new IllegalStateException("the old records of " + file + " were imported, but renaming the file "
                    + "failed: " + e + ". Move " + file + " away (or remove it), or the next start imports it again.",
                    e);
        }
        LOG.infof("call records: imported %d rows; the old file is kept as %s (remove it when you like)", copied, kept);
        return copied;
    }

    private static boolean hasTable(Connection h2, String table) throws SQLException {
        DatabaseMetaData meta = h2.getMetaData();
        try (ResultSet rs = meta.getTables(null, "PUBLIC", table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /** Copies every row of {@code table}; returns {@code done} plus the rows copied. */
    private static long copy(Connection from, Connection to, String table, String columns, long done,
            LongConsumer progress) throws SQLException {
        int count = columns.split(", ").length;
        String marks = RecordSql.marks(columns);
        try (Statement read = from.createStatement();
             PreparedStatement write = to.prepareStatement(
                     "INSERT OR IGNORE INTO " + table + " (" + columns + ") VALUES (" + marks + ")");
             ResultSet rs = read.executeQuery("SELECT " + columns + " FROM " + table)) {
            int pending = 0;
            while (rs.next()) {
                // The two schemas' types map one to one (VARBINARY and BLOB both come and go as byte[]).
                for (int i = 1; i <= count; i++) {
                    write.setObject(i, rs.getObject(i));
                }
                write.addBatch();
                done++;
                if (++pending == BATCH) {
                    flush(write, to);
                    pending = 0;
                }
                if (done % PROGRESS_EVERY == 0) {
                    progress.accept(done);
                }
            }
            if (pending > 0) {
                flush(write, to);
            }
        } catch (SQLException | RuntimeException e) {
            to.rollback();
            throw e;
        }
        return done;
    }

    private static void flush(PreparedStatement write, Connection to) throws SQLException {
        write.executeBatch();
        to.commit();
    }

    /** {@code target}, or {@code target.1}, {@code .2}...: an older imported file is the user's to remove, not ours. */
    private static Path unused(Path target) {
        Path candidate = target;
        for (int i = 1; Files.exists(candidate); i++) {
            candidate = target.resolveSibling(target.getFileName() + "." + i);
        }
        return candidate;
    }
}
