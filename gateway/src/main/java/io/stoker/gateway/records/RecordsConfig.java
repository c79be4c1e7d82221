package io.stoker.gateway.records;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the record store, under {@code stoker.records.} (env: {@code STOKER_RECORDS_...}). Which datasource is
 * active follows from them ({@link StoreSelection}): PostgreSQL when {@code postgres.url} is set, else the embedded
 * SQLite file at {@code embedded-path} + {@code .sqlite}.
 */
@ConfigMapping(prefix = "stoker.records")
public interface RecordsConfig {

    /** Whether calls are recorded at all. */
    @WithDefault("true")
    boolean enabled();

    /** The embedded store's file, without its {@code .sqlite} suffix (default: {@code $STOKER_HOME/records/calls}). */
    String embeddedPath();

    /** Records waiting for the writer; when it is full, further records are dropped and counted. */
    @WithDefault("65536")
    int queueSize();

    /** Records written in one batch (one transaction), at most. */
    @WithDefault("500")
    int batchSize();

    /**
     * The writer thread's nice value, where the embedded store does its work too (Linux; 0 to 19; 0, the default:
     * the gateway's own). At 19 the store's work yields the CPU to calls: on a machine with idle CPU it changes
     * nothing, on a saturated one records wait in the queue and, once it is full, are dropped and counted. Measured
     * (docs/benchmarks.md): about a tenth more calls per second under saturation, for most records dropped; so off by
     * default, a choice for whoever prefers call speed to complete records.
     */
    @WithDefault("0")
    int writerNice();

    Postgres postgres();

    Retention retention();

    /** A PostgreSQL store, shared by several gateways. */
    interface Postgres {
        /** Its JDBC URL ({@code jdbc:postgresql://host:port/db}); unset: the embedded store. */
        Optional<String> url();

        /** Its user (read by the datasource, {@code quarkus.datasource.postgres.username}). */
        @WithDefault("stoker")
        String user();

        /** Its password (read by the datasource, {@code quarkus.datasource.postgres.password}). */
        Optional<String> password();
    }

    /** How long records are kept; enforced by the writer, continuously. */
    interface Retention {
        /** Records older than this (by arrival) are deleted. */
        @WithDefault("7d")
        Duration maxAge();

        /** At most this many records per function, the newest. */
        @WithDefault("100000")
        int maxPerFunction();

        /** How often retention is enforced. */
        @WithDefault("60s")
        Duration interval();

        /** Records deleted in one statement, at most; a pass goes on chunk by chunk between the writer's batches. */
        @WithDefault("2000")
        int chunk();
    }
}
