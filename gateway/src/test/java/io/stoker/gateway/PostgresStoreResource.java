package io.stoker.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A PostgreSQL cluster started by deploy/postgres.sh, set as the gateway's record store. */
public class PostgresStoreResource implements QuarkusTestResourceLifecycleManager {

    private static ScriptPostgres cluster;

    @Override
    public Map<String, String> start() {
        cluster = ScriptPostgres.start("records-gateway");
        return Map.of("stoker.records.postgres.url", cluster.url(), "stoker.records.postgres.user", cluster.user(),
                "stoker.records.postgres.password", cluster.password());
    }

    @Override
    public void stop() {
        cluster.close();
    }
}
