package io.stoker.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.gateway.metrics.Trigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The one-time copy of a former H2 record store into SQLite: both real files in a temporary folder. */
class H2ImportTest {

    @TempDir
    Path dir;

    private Path embedded;
    private SQLiteDataSource sqlite;

    @BeforeEach
    void sqlite() {
        embedded = dir.resolve("calls");
        sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("calls.sqlite"));
        migrate(sqlite, "BLOB", "classpath:db/records", "classpath:db/sqlite");
    }

    private static void migrate(DataSource ds, String bytes, String... locations) {
        Flyway.configure().dataSource(ds).locations(locations).placeholders(Map.of("bytes", bytes)).load().migrate();
    }

    /** An H2 file as the former gateway left it, migrated with {@code locations}; closed when this returns. */
    private void oldFile(List<CallRecord> records, List<Object[]> audit, String... locations) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + embedded);
        h2.setUser("");
        h2.setPassword("");
        // One connection held open throughout: closing it closes the database (the import opens it afresh).
        try (Connection c = h2.getConnection()) {
            migrate(h2, "VARBINARY", locations);
            // Bound as the store binds them: what an earlier version wrote into the H2 file
            try (PreparedStatement s = c.prepareStatement(RecordSql.INSERT)) {
                for (CallRecord r : records) {
                    JdbcRecordStore.bind(s, r);
                    s.addBatch();
                }
                s.executeBatch();
            }
            if (!audit.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_entry (seq, at_us, token_id, scope, "
                        + "method, path, status) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (Object[] e : audit) {
                        for (int i = 0; i < e.length; i++) {
                            s.setObject(i + 1, e[i]);
                        }
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
        }
    }

    /** Varied records: every trigger, status and start kind; errors, headers and bodies on some, nulls on others. */
    private static List<CallRecord> records(int n) {
        List<CallRecord> out = new ArrayList<>();
        Trigger[] triggers = Trigger.values();
        CallStatus[] statuses = CallStatus.values();
        StartKind[] kinds = StartKind.values();
        for (int i = 0; i < n; i++) {
            boolean async = i % 3 == 0;
            CallStatus status = statuses[i % statuses.length];
            out.add(new CallRecord(String.format("call-%05d", i), "fn-" + (i % 7), i % 5 == 0 ? null : "sha256:" + i,
                    triggers[i % triggers.length], status, 200 + i % 300, 1_700_000_000_000_000L + i * 1_000L,
                    i % 4 == 0 ? 0 : 1_700_000_000_000_100L + i, 1_700_000_000_001_000L + i, i % 50,
                    kinds[i % kinds.length], i % 4 == 1 ? 350_000 : 0, i % 6 == 0 ? null : "inst-" + (i % 11),
                    1 + i % 3, status == CallStatus.SUCCESS ? null : "it failed: " + "é".repeat(i % 20) + i,
                    async ? Map.of("content-type", "text/plain; n=" + i) : Map.of(),
                    async ? ("body " + i + " \u0000\u00ff").getBytes(StandardCharsets.UTF_8) : null));
        }
        return out;
    }

    private static final List<Object[]> AUDIT = List.of(
            new Object[] {5L, 1_700_000_000_000_001L, "admin", "admin", "PUT", "/v1/functions/a", 201},
            new Object[] {7L, 1_700_000_000_000_001L, "k1", "read", "DELETE", "/v1/functions/a", 403},
            new Object[] {12L, 1_700_000_060_000_000L, "k1", "read", "GET", "/v1/" + "x".repeat(2044), 404});

    private long count(String table) throws SQLException {
        try (Connection c = sqlite.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<List<Object>> auditRows() throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = sqlite.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, at_us, token_id, scope, method, path, status FROM audit_entry "
                     + "ORDER BY at_us, seq")) {
            while (rs.next()) {
                rows.add(List.of(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7)));
            }
        }
        return rows;
    }

    private Path file(String suffix) {
        return dir.resolve("calls" + suffix);
    }

    @Test
    void everyRecordAndAuditEntryIsCopiedAndTheFileRenamed() throws Exception {
        List<CallRecord> records = records(2_500);
        oldFile(records, AUDIT, "classpath:db/records", "classpath:db/standard-sql");
        List<Long> progress = new ArrayList<>();

        assertThat(H2Import.importIfPresent(embedded, sqlite, progress::add)).isEqualTo(2_503);

        assertThat(progress).isEmpty(); // fewer rows than one report
        assertThat(file(".mv.db")).doesNotExist();
        assertThat(file(".mv.db.imported")).exists();
        assertThat(count("call_record")).isEqualTo(2_500);
        JdbcRecordStore store = new JdbcRecordStore(sqlite);
        for (CallRecord expected : records) {
            assertThat(store.find(expected.id())).get().usingRecursiveComparison().isEqualTo(expected);
        }
        assertThat(records).anySatisfy(r -> assertThat(r.resultBody()).isNull())
                .anySatisfy(r -> assertThat(r.resultBody()).isNotNull())
                .anySatisfy(r -> assertThat(r.error()).isNotNull())
                .anySatisfy(r -> assertThat(r.resultHeaders()).isNotEmpty());
        assertThat(auditRows()).containsExactlyElementsOf(AUDIT.stream().map(List::of).toList());
        // The log goes on after the imported entries, in order.
        var audit = new io.stoker.gateway.auth.JdbcAuditStore(sqlite, "test");
        audit.append(new io.stoker.gateway.auth.AuditLog.Entry(java.time.Instant.parse("2030-01-01T00:00:00Z"),
                "k2", "admin", "POST", "/v1/functions/b", 200));
        assertThat(audit.since(null)).extracting(io.stoker.gateway.auth.AuditLog.Entry::tokenId)
                .containsExactly("admin", "k1", "k1", "k2");
        assertThat(auditRows().get(3).get(0)).isEqualTo(13L);

        // The next start: nothing to import, nothing changed.
        assertThat(H2Import.importIfPresent(embedded, sqlite, progress::add)).isZero();
        assertThat(count("call_record")).isEqualTo(2_500);
        assertThat(count("audit_entry")).isEqualTo(4);
        assertThat(file(".mv.db")).doesNotExist();
        assertThat(file(".mv.db.imported")).exists();
    }

    @Test
    void anImportRunAgainCopiesNothingTwice() throws Exception {
        List<CallRecord> records = records(1_500);
        oldFile(records, AUDIT, "classpath:db/records", "classpath:db/standard-sql");
        // As if an import stopped after its first batch: a thousand records in, and the file still there.
        new JdbcRecordStore(sqlite).write(records.subList(0, 1_000));

        assertThat(H2Import.importIfPresent(embedded, sqlite, n -> {})).isEqualTo(1_503);
        assertThat(count("call_record")).isEqualTo(1_500);
        assertThat(count("audit_entry")).isEqualTo(3);

        // And once more, from the renamed file put back.
        Files.move(file(".mv.db.imported"), file(".mv.db"));
        assertThat(H2Import.importIfPresent(embedded, sqlite, n -> {})).isEqualTo(1_503);
        assertThat(count("call_record")).isEqualTo(1_500);
        assertThat(count("audit_entry")).isEqualTo(3);
        assertThat(file(".mv.db.imported")).exists();
    }

    @Test
    void aFileFromBeforeTheAuditLogImportsItsRecords() throws Exception {
        List<CallRecord> records = records(10);
        oldFile(records, List.of(), "classpath:db/records");

        assertThat(H2Import.importIfPresent(embedded, sqlite, n -> {})).isEqualTo(10);
        assertThat(count("call_record")).isEqualTo(10);
        assertThat(count("audit_entry")).isZero();
        assertThat(new JdbcRecordStore(sqlite).find("call-00003")).get().usingRecursiveComparison()
                .isEqualTo(records.get(3));
        assertThat(file(".mv.db.imported")).exists();
    }

    @Test
    void noFileNoImport() throws Exception {
        List<Path> before;
        try (Stream<Path> files = Files.list(dir)) {
            before = files.sorted().toList();
        }
        assertThat(H2Import.importIfPresent(embedded, sqlite, n -> {})).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.sorted().toList()).isEqualTo(before);
        }
        assertThat(file(".mv.db")).doesNotExist();
    }

    @Test
    void aFailedCopySaysWhatToDoAndLeavesTheFile() throws Exception {
        oldFile(records(10), AUDIT, "classpath:db/records", "classpath:db/standard-sql");
        SQLiteDataSource empty = new SQLiteDataSource(); // not migrated: no table to copy into
        empty.setUrl("jdbc:sqlite:" + dir.resolve("other.sqlite"));

        assertThatThrownBy(() -> H2Import.importIfPresent(embedded, empty, n -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file(".mv.db").toString())
                .hasMessageContaining("move " + file(".mv.db") + " away");
        assertThat(file(".mv.db")).exists();
        assertThat(file(".mv.db.imported")).doesNotExist();
    }
}
