package io.stoker.gateway.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoker.gateway.metrics.Trigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The records in a SQL database (the embedded SQLite file or PostgreSQL; one schema, migrated by Flyway before this
 * store is used). Written in batches by one writer ({@link RecordWriter}), read by the API and the async and
 * schedule components.
 */
public final class JdbcRecordStore implements RecordSink, CallRecords {

    /** The longest error text kept (the column's size). */
    static final int MAX_ERROR = 4000;
    /** The largest answer body kept, for async calls. */
    public static final int MAX_BODY = 1 << 20;
    /** The longest header text kept (the column's size); headers beyond it are not kept. */
    static final int MAX_HEADERS = 65536;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};
    private static final String SELECT = "SELECT " + RecordSql.COLUMNS + " FROM call_record";

    /** SQLSTATE of a unique key violation (PostgreSQL). */
    static final String DUPLICATE_KEY = "23505";

    private static final String DELETE_ARRIVED_BEFORE = RecordSql.deleteSome("arrival_us < ?");
    private static final String DELETE_OLDER_THAN = RecordSql.deleteSome("function_name = ? AND arrival_us < ?");

    private final DataSource dataSource;

    public JdbcRecordStore(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            RecordSql.requireSupported(c);
        } catch (SQLException e) {
            throw new IllegalStateException("the record store cannot be reached: " + e.getMessage(), e);
        }
    }

    /**
     * One transaction per batch. The records of HTTP and Kafka calls are final when offered and go in with a plain
     * INSERT (an upsert looks the key up first, and costs more); the others (async calls and schedule ticks, offered
     * as they go) replace the row with their id. Should an insert meet an id already stored, the batch is written
     * again as upserts, so the last offered still wins.
     */
    @Override
    public void write(List<CallRecord> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeIn(c, batch, false);
            } catch (SQLException e) {
                if (!duplicateKey(e)) {
                    throw e;
                }
                writeIn(c, batch, true);
            }
        }
    }

    private void writeIn(Connection c, List<CallRecord> batch, boolean upsertAll) throws SQLException {
        try (PreparedStatement inserts = c.prepareStatement(RecordSql.INSERT);
             PreparedStatement upserts = c.prepareStatement(RecordSql.UPSERT)) {
            int toInsert = 0;
            int toUpsert = 0;
            for (CallRecord r : batch) {
                boolean plain = !upsertAll && isFinal(r);
                PreparedStatement s = plain ? inserts : upserts;
                bind(s, r);
                s.addBatch();
                if (plain) {
                    toInsert++;
                } else {
                    toUpsert++;
                }
            }
            if (toInsert > 0) {
                inserts.executeBatch();
            }
            if (toUpsert > 0) {
                upserts.executeBatch();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /**
     * Whether a batch failed on a key already there: PostgreSQL tells it by SQLSTATE, in the batch's next exception;
     * SQLite by its own result code (its driver gives no SQLSTATE).
     */
    static boolean duplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (DUPLICATE_KEY.equals(x.getSQLState()) || x instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
                return true;
            }
        }
        return false;
    }

    /** A record offered once, at the call's end: an HTTP or Kafka call's. */
    static boolean isFinal(CallRecord r) {
        return r.trigger() == Trigger.HTTP || r.trigger() == Trigger.KAFKA;
    }

    /** One record's 17 parameters, in {@link RecordSql#COLUMNS}' order (also how H2ImportTest makes an old file). */
    static void bind(PreparedStatement s, CallRecord r) throws SQLException {
        s.setString(1, r.id());
        s.setString(2, r.function());
        s.setString(3, r.specHash());
        s.setString(4, r.trigger().tag());
        s.setString(5, r.status().tag());
        s.setInt(6, r.httpStatus());
        s.setLong(7, r.arrivalMicros());
        s.setLong(8, r.startMicros());
        s.setLong(9, r.endMicros());
        s.setLong(10, r.queueWaitMicros());
        s.setString(11, (r.startKind() == null ? StartKind.NONE : r.startKind()).tag());
        s.setLong(12, r.startTookMicros());
        s.setString(13, r.instanceId());
        s.setInt(14, r.attempts());
        s.setString(15, r.error() == null || r.error().length() <= MAX_ERROR ? r.error()
                : r.error().substring(0, MAX_ERROR));
        s.setString(16, headersText(r.resultHeaders()));
        byte[] body = r.resultBody();
        s.setBytes(17, body == null || body.length <= MAX_BODY ? body : Arrays.copyOf(body, MAX_BODY));
    }

    private static String headersText(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        try {
            String text = JSON.writeValueAsString(headers);
            return text.length() <= MAX_HEADERS ? text : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public Optional<CallRecord> find(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new RecordStoreException("reading record " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public RecordPage list(RecordQuery q) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.function() != null) {
            sql.append(" AND function_name = ?");
            args.add(q.function());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status().tag());
        }
        if (q.trigger() != null) {
            sql.append(" AND trigger_kind = ?");
            args.add(q.trigger().tag());
        }
        if (q.sinceMicros() > 0) {
            sql.append(" AND arrival_us >= ?");
            args.add(q.sinceMicros());
        }
        if (q.after() != null) {
            sql.append(" AND (arrival_us < ? OR (arrival_us = ? AND id < ?))");
            args.add(q.after().arrivalMicros());
            args.add(q.after().arrivalMicros());
            args.add(q.after().id());
        }
        // One more than asked: whether there is a next page.
        sql.append(" ORDER BY arrival_us DESC, id DESC LIMIT ").append(q.limit() + 1);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<CallRecord> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
            if (found.size() <= q.limit()) {
                return new RecordPage(found, null);
            }
            List<CallRecord> page = found.subList(0, q.limit());
            return new RecordPage(List.copyOf(page), Cursor.of(page.get(page.size() - 1)));
        } catch (SQLException e) {
            throw new RecordStoreException("listing records failed: " + e.getMessage(), e);
        }
    }

    /**
     * Retention by age, one chunk: deletes at most {@code limit} of the records that arrived before
     * {@code cutoffMicros}, in one statement of its own. Fewer than {@code limit} deleted: none is left.
     *
     * <p>In no order: which of the doomed rows go first does not matter, and ordering them made the store collect and
     * sort every doomed row for each chunk (seen: the writer thread busy in the sorted temp result, most of the
     * gateway's CPU under load). See {@link RecordSql#deleteSome}.
     */
    public int deleteArrivedBefore(long cutoffMicros, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(DELETE_ARRIVED_BEFORE)) {
            s.setLong(1, cutoffMicros);
            s.setInt(2, limit);
            return s.executeUpdate();
        }
    }

    /** The functions with more than {@code keep} records (retention by count). */
    public List<String> functionsOver(int keep) throws SQLException {
        List<String> over = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT function_name FROM call_record "
                     + "GROUP BY function_name HAVING COUNT(*) > ?")) {
            s.setInt(1, keep);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    over.add(rs.getString(1));
                }
            }
        }
        return over;
    }

    /** The oldest of the newest {@code keep} records of {@code function}: what retention by count keeps from. */
    public Optional<Cursor> oldestKept(String function, int keep) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT arrival_us, id FROM call_record WHERE function_name = ? "
                     + "ORDER BY arrival_us DESC, id DESC LIMIT 1 OFFSET ?")) {
            s.setString(1, function);
            s.setInt(2, keep - 1);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Cursor(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /**
     * Retention by count, one chunk: deletes at most {@code limit} records of {@code function} that arrived before
     * {@code kept} (from {@link #oldestKept}). Records of the same microsecond as {@code kept} stay: a range on the
     * index's two leading columns ({@link RecordSql#deleteSome}). Fewer than
     * {@code limit} deleted: none is left.
     */
    public int deleteOlderThan(String function, Cursor kept, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(DELETE_OLDER_THAN)) {
            s.setString(1, function);
            s.setLong(2, kept.arrivalMicros());
            s.setInt(3, limit);
            return s.executeUpdate();
        }
    }

    private static CallRecord read(ResultSet rs) throws SQLException {
        String headers = rs.getString(16);
        Map<String, String> resultHeaders;
        try {
            resultHeaders = headers == null ? Map.of() : JSON.readValue(headers, HEADERS);
        } catch (JsonProcessingException e) {
            resultHeaders = Map.of();
        }
        return new CallRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                Trigger.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                CallStatus.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)), rs.getInt(6), rs.getLong(7),
                rs.getLong(8), rs.getLong(9), rs.getLong(10), StartKind.valueOf(rs.getString(11).toUpperCase(Locale.ROOT)),
                rs.getLong(12), rs.getString(13), rs.getInt(14), rs.getString(15), resultHeaders, rs.getBytes(17));
    }
}
