package io.stoker.gateway.records;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The gateway's record store and recorder: the active datasource ({@link StoreSelection}: the embedded SQLite file, or
 * PostgreSQL), migrated by Flyway at start, written by one {@link RecordWriter}. With records off
 * ({@code stoker.records.enabled=false}) calls hand their records to nothing and nothing is stored or read.
 * A singleton, so the call path reaches {@link #offer} without a client proxy.
 */
@Singleton
@io.quarkus.runtime.Startup
public class StoredRecords implements CallRecorder, CallRecords {

    private static final Logger LOG = Logger.getLogger(StoredRecords.class);

    private final JdbcRecordStore store;
    private final RecordWriter writer;
    private final javax.sql.DataSource dataSource;
    private final String storeName;

    public StoredRecords(RecordsConfig config, MeterRegistry registry, Clock clock) {
        Counter dropped = Counter.builder("stoker.records.dropped")
                .description("Call records dropped, not stored (the writer fell behind, or the store failed)")
                .register(registry);
        Counter written = Counter.builder("stoker.records.written").description("Call records stored")
                .register(registry);
        if (!config.enabled()) {
            store = null;
            writer = null;
            dataSource = null;
            storeName = null;
            return;
        }
        String name = StoreSelection.active(config);
        dataSource = AgroalDataSourceUtil.dataSourceIfActive(name).orElseThrow(() -> new IllegalStateException(
                "the record datasource '" + name + "' is not active; set stoker.records.postgres.url for PostgreSQL,"
                        + " or leave it unset for the embedded store"));
        if (StoreSelection.EMBEDDED.equals(name)) { // before anything writes to it: an upgrade keeps the old records
            H2Import.importIfPresent(java.nio.file.Path.of(config.embeddedPath()), dataSource,
                    n -> LOG.infof("call records: imported %d rows so far", n));
        }
        store = new JdbcRecordStore(dataSource);
        storeName = name;
        Retention retention = new Retention(store, clock, config.retention().maxAge(),
                config.retention().maxPerFunction(), config.retention().interval(), config.retention().chunk());
        // SQLite does its work in the writer's thread: lowering that thread lowers the store's work too
        int nice = ThreadNice.checked(config.writerNice(), "stoker.records.writer-nice (STOKER_RECORDS_WRITER_NICE)");
        writer = new RecordWriter(store, config.queueSize(), config.batchSize(), dropped, written, retention,
                () -> ThreadNice.lower(nice));
        Gauge.builder("stoker.records.queued", writer, RecordWriter::queued)
                .description("Call records waiting for the writer").register(registry);
        LOG.infof("call records: %s store", name);
    }

    @Override
    public void offer(CallRecord record) {
        if (writer != null) {
            writer.offer(record);
        }
    }

    @Override
    public Optional<CallRecord> find(String id) {
        return store == null ? Optional.empty() : store.find(id);
    }

    @Override
    public RecordPage list(RecordQuery query) {
        return store == null ? new RecordPage(java.util.List.of(), null) : store.list(query);
    }

    /** The store's database, for what else belongs there (the audit log); empty with records off. */
    public Optional<javax.sql.DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /** The active datasource's name ({@link StoreSelection}); null with records off. */
    public String storeName() {
        return storeName;
    }

    /** Before the datasource closes: what is queued is written. */
    void stop(@Observes ShutdownEvent event) {
        if (writer != null) {
            writer.close();
        }
    }
}
