package io.stoker.gateway.records;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What differs between the two stores' SQL: the upsert and retention's chunked delete (the insert and the schema are
 * the same, see V1__call_records.sql).
 */
enum SqlDialect {
    H2, POSTGRES;

    static final String COLUMNS = "id, function_name, spec_hash, trigger_kind, status, http_status, arrival_us, "
            + "start_us, end_us, queue_wait_us, start_kind, start_took_us, instance_id, attempts, error, result_headers, "
            + "result_body";

    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRES;
        }
        throw new SQLException("the record store supports H2 and PostgreSQL, not " + product);
    }

    private static final String MARKS = Arrays.stream(COLUMNS.split(", ")).map(c -> "?")
            .collect(Collectors.joining(", "));

    /** One record in, whose id is new: the same in both. */
    static String insert() {
        return "INSERT INTO call_record (" + COLUMNS + ") VALUES (" + MARKS + ")";
    }

    /** One record in, replacing the one with its id: the last offered wins. */
    String upsert() {
        String marks = MARKS;
        if (this == H2) {
            return "MERGE INTO call_record (" + COLUMNS + ") KEY (id) VALUES (" + marks + ")";
        }
        String updates = Arrays.stream(COLUMNS.split(", ")).skip(1).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO call_record (" + COLUMNS + ") VALUES (" + marks + ") ON CONFLICT (id) DO UPDATE SET "
                + updates;
    }

    /**
     * Deletes at most {@code ?} rows (the last parameter) of those {@code where} matches, in no particular order.
     * H2 has DELETE with FETCH FIRST, which stops after that many rows of the index range; PostgreSQL has none, and
     * plans the IN sub-select as a join on the key. (In H2 the sub-select form made a value list of every id and
     * scanned for them: the writer thread's whole time under load.)
     */
    String deleteSome(String where) {
        if (this == H2) {
            return "DELETE FROM call_record WHERE " + where + " FETCH FIRST ? ROWS ONLY";
        }
        return "DELETE FROM call_record WHERE id IN (SELECT id FROM call_record WHERE " + where + " LIMIT ?)";
    }
}
