package io.stoker.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The gateway's own settings, under the {@code stoker.} prefix (env: {@code STOKER_...}). */
@ConfigMapping(prefix = "stoker")
public interface StokerConfig {

    /** Where the token, the function registry and logs live. */
    @WithDefault("${user.home}/.stoker")
    String home();

    /** Folder holding the language templates (function-templates/ of the repository). */
    @WithDefault("function-templates")
    String templatesDir();

    Engine engine();

    Invoke invoke();

    Pool pool();

    Kafka kafka();

    /** Kafka triggers. */
    interface Kafka {
        /** The cluster triggers read from (a broker `bin/stoker up` started, or your own). */
        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        /** Whether Kafka triggers run at all in this gateway. */
        @WithDefault("true")
        boolean enabled();

        /** Where trigger state changes are published. */
        @WithDefault("stoker.trigger-status")
        String statusTopic();
    }

    /** Container engine settings. */
    interface Engine {
        /** Engine API address; empty means DOCKER_HOST or the local socket. */
        Optional<String> host();

        /** The bridge network function containers join (inter-container traffic off). */
        @WithDefault("stoker-functions")
        String network();

        /** How long a new instance may take to answer its readiness check. */
        @WithDefault("60s")
        Duration readinessTimeout();

        /**
         * Containers created and started at once, over all functions; more launches wait their turn. The engine
         * sets starts up largely one after another, so taking them in turn gets the first new instance serving
         * sooner; a larger value reaches the full size sooner on an engine that starts well in parallel.
         */
        @WithDefault("1")
        int parallelStarts();
    }

    /** The invoke path. */
    interface Invoke {
        /** Largest request body a function call may carry; larger ones get 413. */
        @WithDefault("32M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** Connections kept open to one instance. */
        @WithDefault("64")
        int maxConnectionsPerInstance();
    }

    /** Warm pools. */
    interface Pool {
        /** Calls that may wait per function when every instance is at its limit; more get 429. */
        @WithDefault("1000")
        int queueLimit();

        /** How often idle instances are looked for. */
        @WithDefault("1s")
        Duration reapInterval();

        /** How long in-flight calls may finish when a function is updated or deleted. */
        @WithDefault("30s")
        Duration drainGrace();
    }
}
