package io.stoker.gateway.records;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The records' SQL, one text for both stores (the embedded SQLite file and PostgreSQL speak the same here: upsert by
 * ON CONFLICT, a bounded delete by an IN sub-select; the schema is one too, see V1__call_records.sql), and the check
 * that a datasource is one of them.
 */
final class RecordSql {

    static final String COLUMNS = "id, function_name, spec_hash, trigger_kind, status, http_status, arrival_us, "
            + "start_us, end_us, queue_wait_us, start_kind, start_took_us, instance_id, attempts, error, result_headers, "
            + "result_body";

    /** One record in, whose id is new. */
    static final String INSERT = "INSERT INTO call_record (" + COLUMNS + ") VALUES (" + marks(COLUMNS) + ")";

    /** One record in, replacing the one with its id: the last offered wins. */
    static final String UPSERT = INSERT + " ON CONFLICT (id) DO UPDATE SET " + Arrays.stream(COLUMNS.split(", "))
            .skip(1).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));

    private RecordSql() {
    }

    /** Refuses a database that is neither SQLite nor PostgreSQL, before anything is written to it. */
    static void requireSupported(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (!product.contains("sqlite") && !product.contains("postgres")) {
            throw new SQLException("the record store supports SQLite and PostgreSQL, not " + product);
        }
    }

    /** One {@code ?} per column of {@code columns} (a comma-separated list). */
    static String marks(String columns) {
        return Arrays.stream(columns.split(", ")).map(c -> "?").collect(Collectors.joining(", "));
    }

    /**
     * Deletes at most {@code ?} rows (the last parameter) of those {@code where} matches, in no particular order: the
     * sub-select stops after that many rows of the index range, and is planned as a lookup on the key. (An ordered
     * sub-select sorted every doomed row for each chunk: the writer's whole time under load.)
     */
    static String deleteSome(String where) {
        return "DELETE FROM call_record WHERE id IN (SELECT id FROM call_record WHERE " + where + " LIMIT ?)";
    }
}
