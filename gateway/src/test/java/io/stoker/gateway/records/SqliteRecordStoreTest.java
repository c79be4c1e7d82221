package io.stoker.gateway.records;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.sqlite.SQLiteDataSource;

/** The embedded store: a SQLite file in a temporary folder, migrated with the gateway's own Flyway scripts. */
class SqliteRecordStoreTest extends RecordStoreContract {

    private Path dir;
    private SQLiteDataSource dataSource;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("stoker-records-sqlite");
        dataSource = open(dir);
    }

    /** A connection per call, as the gateway's pool hands them out; nothing stays open between tests. */
    private static SQLiteDataSource open(Path dir) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("calls.sqlite") + "?journal_mode=WAL&busy_timeout=10000");
        migrate(ds, "BLOB", "db/sqlite");
        return ds;
    }

    @Override
    javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    JdbcRecordStore reopened() {
        dataSource = open(dir); // a restart migrates again: nothing to do
        return new JdbcRecordStore(dataSource);
    }
}
