package io.stoker.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.gateway.metrics.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every record store does, on a real database: run by {@link SqliteRecordStoreTest} (the embedded file) and
 * {@link PostgresRecordStoreTest} (a PostgreSQL cluster started by deploy/postgres.sh).
 */
abstract class RecordStoreContract {

    /**
     * Migrates {@code dataSource} with the gateway's own scripts, as application.properties names them: the shared
     * ones and the database's own ({@code ownScripts}); {@code bytes} is the database's binary type.
     */
    static void migrate(javax.sql.DataSource dataSource, String bytes, String ownScripts) {
        org.flywaydb.core.Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/records", "classpath:" + ownScripts)
                .placeholders(Map.of("bytes", bytes)).load().migrate();
    }

    /** A store on a freshly migrated, empty database. */
    JdbcRecordStore store() {
        return new JdbcRecordStore(dataSource());
    }

    /** The database the store is in (the audit log shares it). */
    abstract javax.sql.DataSource dataSource();

    /** The same database after a restart (the connection pool closed and opened again). */
    abstract JdbcRecordStore reopened();

    static CallRecord record(String id, String function, Trigger trigger, CallStatus status, long arrival) {
        return new CallRecord(id, function, "sha256:abc", trigger, status, status == CallStatus.SUCCESS ? 200 : 500,
                arrival, arrival + 10, arrival + 100, 10, StartKind.WARM, 0, "inst-1", 1,
                status == CallStatus.SUCCESS ? null : "it failed", Map.of(), null);
    }

    @Test
    void aRecordIsFoundByIdAndTheLastOfferedWins() throws Exception {
        JdbcRecordStore store = store();
        CallRecord accepted = new CallRecord("a1", "fn", null, Trigger.ASYNC, CallStatus.ACCEPTED, 0, 1000, 0, 0, 0,
                StartKind.NONE, 0, null, 0, null, Map.of(), null);
        CallRecord ended = new CallRecord("a1", "fn", "sha256:abc", Trigger.ASYNC, CallStatus.SUCCESS, 201, 1000,
                1500, 2500, 500, StartKind.COLD, 400, "inst-9", 2, null, Map.of("content-type", "text/plain"),
                "done".getBytes());
        store.write(List.of(accepted));
        assertThat(store.find("a1")).get().extracting(CallRecord::status).isEqualTo(CallStatus.ACCEPTED);
        store.write(List.of(accepted, ended)); // in one batch too, the later one wins
        CallRecord found = store.find("a1").orElseThrow();
        assertThat(found.status()).isEqualTo(CallStatus.SUCCESS);
        assertThat(found.httpStatus()).isEqualTo(201);
        assertThat(found.startKind()).isEqualTo(StartKind.COLD);
        assertThat(found.startTookMicros()).isEqualTo(400);
        assertThat(found.attempts()).isEqualTo(2);
        assertThat(found.resultHeaders()).containsEntry("content-type", "text/plain");
        assertThat(new String(found.resultBody())).isEqualTo("done");
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void finalRecordsAreInsertedAndOneWhoseIdIsStoredStillReplacesIt() throws Exception {
        JdbcRecordStore store = store();
        store.write(List.of(record("h1", "fn", Trigger.HTTP, CallStatus.SUCCESS, 1_000)));
        CallRecord accepted = new CallRecord("a2", "fn", null, Trigger.ASYNC, CallStatus.ACCEPTED, 0, 1500, 0, 0, 0,
                StartKind.NONE, 0, null, 0, null, Map.of(), null);
        // A batch of inserts and upserts, one insert meeting the stored h1: the batch goes in as upserts instead.
        store.write(List.of(record("h2", "fn", Trigger.KAFKA, CallStatus.SUCCESS, 2_000), accepted,
                record("h1", "fn", Trigger.HTTP, CallStatus.TIMEOUT, 1_000)));
        assertThat(store.find("h1")).get().extracting(CallRecord::status).isEqualTo(CallStatus.TIMEOUT);
        assertThat(store.find("h2")).get().extracting(CallRecord::trigger).isEqualTo(Trigger.KAFKA);
        assertThat(store.find("a2")).get().extracting(CallRecord::status).isEqualTo(CallStatus.ACCEPTED);
        assertThat(ids(store.list(new RecordQuery("fn", null, null, 0, 10, null)))).containsExactly("h2", "a2", "h1");
    }

    @Test
    void listsFilterByFunctionStatusTriggerAndSince() throws Exception {
        JdbcRecordStore store = store();
        store.write(List.of(
                record("r1", "a", Trigger.HTTP, CallStatus.SUCCESS, 1_000),
                record("r2", "a", Trigger.KAFKA, CallStatus.FUNCTION_ERROR, 2_000),
                record("r3", "b", Trigger.HTTP, CallStatus.FUNCTION_ERROR, 3_000),
                record("r4", "a", Trigger.HTTP, CallStatus.TIMEOUT, 4_000)));
        assertThat(ids(store.list(new RecordQuery(null, null, null, 0, 10, null))))
                .containsExactly("r4", "r3", "r2", "r1");
        assertThat(ids(store.list(new RecordQuery("a", null, null, 0, 10, null)))).containsExactly("r4", "r2", "r1");
        assertThat(ids(store.list(new RecordQuery(null, CallStatus.FUNCTION_ERROR, null, 0, 10, null))))
                .containsExactly("r3", "r2");
        assertThat(ids(store.list(new RecordQuery("a", null, Trigger.HTTP, 0, 10, null)))).containsExactly("r4", "r1");
        assertThat(ids(store.list(new RecordQuery(null, null, null, 2_000, 10, null))))
                .containsExactly("r4", "r3", "r2");
    }

    @Test
    void pagesFollowTheCursorAndStayStableUnderInserts() throws Exception {
        JdbcRecordStore store = store();
        List<CallRecord> first = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Pairs with the same arrival: the id breaks the tie, so no record is skipped or seen twice.
            first.add(record(String.format("p%02d", i), "fn", Trigger.HTTP, CallStatus.SUCCESS, 1_000 + (i / 2)));
        }
        store.write(first);
        List<String> seen = new ArrayList<>();
        RecordPage page = store.list(new RecordQuery("fn", null, null, 0, 10, null));
        seen.addAll(ids(page));
        // Newer calls arrive between pages: they sort before the cursor and never shift the next pages.
        store.write(List.of(record("new1", "fn", Trigger.HTTP, CallStatus.SUCCESS, 9_000),
                record("new2", "fn", Trigger.HTTP, CallStatus.SUCCESS, 9_001)));
        while (page.next() != null) {
            Cursor cursor = Cursor.decode(page.next().encode());
            page = store.list(new RecordQuery("fn", null, null, 0, 10, cursor));
            seen.addAll(ids(page));
        }
        List<String> expected = first.stream().map(CallRecord::id).sorted((x, y) -> y.compareTo(x)).toList();
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void retentionDeletesByAgeAndKeepsTheNewestPerFunctionChunkByChunk() throws Exception {
        JdbcRecordStore store = store();
        long day = 86_400_000_000L;
        long now = 30 * day;
        List<CallRecord> batch = new ArrayList<>();
        batch.add(record("old1", "a", Trigger.HTTP, CallStatus.SUCCESS, now - 9 * day));
        batch.add(record("old2", "b", Trigger.HTTP, CallStatus.SUCCESS, now - 8 * day));
        for (int i = 0; i < 9; i++) {
            batch.add(record("a" + i, "a", Trigger.HTTP, CallStatus.SUCCESS, now - day + i));
        }
        batch.add(record("b0", "b", Trigger.HTTP, CallStatus.SUCCESS, now - 2 * day));
        store.write(batch);
        // Chunks of 2, one per run: old1 and old2; none older left; a0, a1; a2, a3; none over the count left.
        var clock = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(now / 1000), java.time.ZoneOffset.UTC);
        Retention retention = new Retention(store, clock, java.time.Duration.ofDays(7), 5, java.time.Duration.ZERO, 2);
        int runs = 0;
        do {
            retention.run();
            runs++;
        } while (retention.passing() && runs < 100);
        assertThat(runs).isEqualTo(5);
        Set<String> left = ids(store.list(new RecordQuery(null, null, null, 0, 100, null))).stream()
                .collect(Collectors.toSet());
        assertThat(left).containsExactlyInAnyOrder("a4", "a5", "a6", "a7", "a8", "b0");
        assertThat(store.deleteArrivedBefore(now - 7 * day, 2)).isZero();
        assertThat(store.functionsOver(5)).isEmpty();
    }

    @Test
    void aRestartKeepsTheRecords() throws Exception {
        store().write(List.of(record("kept", "fn", Trigger.KAFKA, CallStatus.SUCCESS, 5_000)));
        assertThat(reopened().find("kept")).get().extracting(CallRecord::trigger).isEqualTo(Trigger.KAFKA);
    }

    static List<String> ids(RecordPage page) {
        return page.records().stream().map(CallRecord::id).toList();
    }

    @Test
    void theAuditLogKeepsEntriesInOrderFiltersBySinceAndCutsLongPaths() throws Exception {
        var audit = new io.stoker.gateway.auth.JdbcAuditStore(dataSource(), "test");
        java.time.Instant t0 = java.time.Instant.parse("2026-12-01T10:00:00.000001Z");
        audit.append(new io.stoker.gateway.auth.AuditLog.Entry(t0, "admin", "admin", "PUT", "/v1/functions/a", 201));
        audit.append(new io.stoker.gateway.auth.AuditLog.Entry(t0, "k1", "read", "DELETE", "/v1/functions/a", 403));
        audit.append(new io.stoker.gateway.auth.AuditLog.Entry(t0.plusSeconds(60), "k1", "read", "GET",
                "/v1/" + "x".repeat(5000), 404));
        var all = audit.since(null);
        assertThat(all).extracting(io.stoker.gateway.auth.AuditLog.Entry::tokenId)
                .containsExactly("admin", "k1", "k1");
        assertThat(all.get(0).at()).isEqualTo(t0);
        assertThat(all.get(1).outcome()).isEqualTo("denied");
        assertThat(all.get(2).path()).hasSize(2048);
        assertThat(audit.since(t0.plusSeconds(1))).hasSize(1).first()
                .extracting(io.stoker.gateway.auth.AuditLog.Entry::status).isEqualTo(404);
    }
}
