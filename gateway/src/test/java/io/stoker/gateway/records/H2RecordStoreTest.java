package io.stoker.gateway.records;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The embedded store: an H2 file in a temporary folder, migrated with the gateway's own Flyway scripts. */
class H2RecordStoreTest extends RecordStoreContract {

    private Path dir;
    private JdbcConnectionPool pool;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("stoker-records-h2");
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("calls"), "", "");
        migrate(pool, "VARBINARY");
    }

    @Override
    javax.sql.DataSource dataSource() {
        return pool;
    }

    @Override
    JdbcRecordStore store() {
        return new JdbcRecordStore(pool);
    }

    @Override
    JdbcRecordStore reopened() {
        pool.dispose();
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("calls"), "", "");
        migrate(pool, "VARBINARY"); // a restart migrates again: nothing to do
        return new JdbcRecordStore(pool);
    }

    @AfterEach
    void close() {
        pool.dispose();
    }
}
