package io.stoker.gateway.records;

import io.stoker.gateway.ScriptPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shared store: a real PostgreSQL cluster started by deploy/postgres.sh, migrated with the gateway's own Flyway
 * scripts; each test on an emptied schema. The restart test stops and starts the server itself.
 */
class PostgresRecordStoreIT extends RecordStoreContract {

    private static ScriptPostgres cluster;
    private PGSimpleDataSource dataSource;

    @BeforeAll
    static void startCluster() {
        cluster = ScriptPostgres.start("records-it");
    }

    @AfterAll
    static void removeCluster() {
        cluster.close();
    }

    @BeforeEach
    void emptySchema() throws Exception {
        dataSource = connect();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        migrate(dataSource, "BYTEA", "db/standard-sql");
    }

    private static PGSimpleDataSource connect() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(cluster.url());
        ds.setUser(cluster.user());
        ds.setPassword(cluster.password());
        return ds;
    }

    @Override
    javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    JdbcRecordStore reopened() {
        cluster.stop();
        cluster.start();
        dataSource = connect();
        migrate(dataSource, "BYTEA", "db/standard-sql");
        return new JdbcRecordStore(dataSource);
    }
}
