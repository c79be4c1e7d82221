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

    Control control();

    Kafka kafka();

    Schedules schedules();

    /** Schedules ({@code triggers.schedule}): their ticks' memory and ownership live on a Kafka topic. */
    interface Schedules {
        /** The compacted topic keyed by function and schedule (on the cluster of {@code stoker.kafka}). */
        @WithDefault("stoker.schedules")
        String topic();

        /** The consumer group whose members share the topic's partitions, and so the schedules, between gateways. */
        @WithDefault("stoker-schedules")
        String group();

        /** Partitions of the topic when a gateway creates it: the most gateways that can share the schedules. */
        @WithDefault("6")
        int partitions();

        /** A tick older than this when it can be fired was missed (the schedule's {@code missed:} decides). */
        @WithDefault("10s")
        Duration lateness();
    }

    Secrets secrets();

    /** Secrets and what else is kept encrypted at rest (registry credentials). */
    interface Secrets {
        /**
         * The 256-bit AES key (32 raw bytes, mode 0600) that encrypts secrets and registry credentials at rest; empty
         * means {@code $STOKER_HOME/secret.key}, created at first use.
         */
        Optional<String> keyFile();

        /**
         * The tmpfs directory where instances' secret files are written for the engine to mount; empty means
         * {@code /dev/shm/stoker-<hash of the home>}. It must be on a tmpfs and on the engine's host.
         */
        Optional<String> filesDir();
    }

    Async async();

    /** Async calls ({@code /async-function/...}): durable on a Kafka topic of the triggers' cluster. */
    interface Async {
        /** Whether this gateway accepts and runs async calls (it needs the Kafka cluster). */
        @WithDefault("true")
        boolean enabled();

        /** The topic async calls are written to before their 202, and read from by every gateway's consumer. */
        @WithDefault("stoker.async")
        String topic();

        /** Partitions of the topic when Stoker creates it: how many gateways can share the calls. */
        @WithDefault("4")
        int partitions();

        /** Where calls that used up their attempts (or their maxAge) go, with the original request. */
        @WithDefault("stoker.async.dlt")
        String deadLetterTopic();

        /** The consumer group every gateway shares, so each call runs on one of them. */
        @WithDefault("stoker-async")
        String group();

        /** Async calls one gateway runs at once (waiting for a retry included); more wait on the topic. */
        @WithDefault("64")
        int concurrency();

        /** Hosts callbacks may go to (exact names or addresses); empty allows any host. */
        java.util.Optional<java.util.List<String>> callbackHosts();

        /** Tries of one callback, the first included; with back-off from 1 s, doubling up to 30 s. */
        @WithDefault("5")
        int callbackAttempts();

        /** How long one callback POST may take. */
        @WithDefault("10s")
        Duration callbackTimeout();
    }

    Registry registry();

    Build build();

    /** Where deployed functions are kept. */
    interface Registry {
        /**
         * {@code disk}: under {@code $STOKER_HOME/functions}, for one gateway. {@code kubernetes}: as {@code Function}
         * resources ({@code functions.stoker.io}) that every gateway replica of the namespace shares and watches.
         */
        @WithDefault("disk")
        Store store();

        /** The namespace of the {@code Function} resources; empty: the Kubernetes client's own (its pod's). */
        Optional<String> namespace();

        /** The stores there are. */
        enum Store { disk, kubernetes }
    }

    /** Builds from source. */
    interface Build {
        /**
         * Whether this gateway builds images from uploaded source (builds run the function's own build steps on the
         * gateway's engine). Off, or on an engine that cannot build, a source upload is refused with what to run
         * instead: build and push through a local gateway and deploy the digest here.
         */
        @WithDefault("true")
        boolean enabled();
    }

    Limits limits();

    Tls tls();

    /**
     * Limits against abusive clients (docs/security.md). The first four are Stoker's own; the rest are handed to
     * Quarkus's HTTP server in application.properties.
     */
    interface Limits {
        /** Calls one client address may make to everything but {@code /q/...}, e.g. {@code 200/s}; unset: none. */
        Optional<String> clientRate();

        /** Calls one client may make at once after a quiet spell; unset: one second's worth of the rate. */
        java.util.OptionalInt clientBurst();

        /** Client addresses whose rate is tracked at once; past it, the least recently seen are forgotten. */
        @WithDefault("100000")
        int clientAddresses();

        /** Headers one request may carry; more get 431. */
        @WithDefault("100")
        int maxHeaderCount();

        /** All of a request's headers together, in bytes; larger ones get 431 (from the HTTP server itself). */
        @WithDefault("16K")
        io.quarkus.runtime.configuration.MemorySize maxHeaderSize();

        /** The request line (method, path and query); longer ones get 414. */
        @WithDefault("8192")
        int maxInitialLineLength();

        /** A connection with nothing sent either way for this long is closed (also while a function works). */
        @WithDefault("30m")
        Duration idleTimeout();

        /** Open client connections at most; a connection past it is closed at once. */
        @WithDefault("4096")
        int maxConnections();
    }

    /** HTTPS with a certificate and key in PEM files (read by {@link TlsSettings}, given to Quarkus's TLS registry). */
    interface Tls {
        /** The certificate chain (PEM); with {@link #key()}, the gateway serves HTTPS. */
        Optional<String> cert();

        /** The private key (PEM) of {@link #cert()}. */
        Optional<String> key();

        /** The HTTPS port. */
        @WithDefault("8443")
        int port();

        /** Whether plain HTTP is served too while HTTPS is on. */
        @WithDefault("false")
        boolean plainHttp();
    }

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
        /**
         * Which driver runs function instances ({@code stoker.engine}): {@code docker}, the local Docker (or Podman)
         * engine, or {@code kubernetes}, one pod per instance in the gateway's namespace. The pool, the triggers and
         * the API are the same on both.
         */
        @io.smallrye.config.WithParentName
        @WithDefault("docker")
        Driver driver();

        /** The drivers {@code stoker.engine} names. */
        enum Driver { DOCKER, KUBERNETES }

        /** The Kubernetes driver ({@code stoker.engine=kubernetes}); the API server is quarkus.kubernetes-client's. */
        Kubernetes kubernetes();

        /** Where function pods go and who owns them. */
        interface Kubernetes {
            /** Namespace of the function pods; empty: POD_NAMESPACE (downward API), else the client's namespace. */
            Optional<String> namespace();

            /**
             * The gateway's own pod, which owns the function pods it makes, so Kubernetes removes them when it goes;
             * empty: POD_NAME (downward API), else no owner (a gateway run outside the cluster).
             */
            Optional<String> podName();

            /** How long a new pod may take to run: scheduling, the node's image pull, the container's start. */
            @WithDefault("120s")
            Duration startTimeout();
        }

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

    /** The control loop. */
    interface Control {
        /**
         * How often the control loop runs: Kafka lag, autoscaling, pausing and stopping idle instances, trigger status
         * events. The autoscaler averages in 1-second buckets, so a longer interval leaves some empty (they do not
         * count), and it reacts later.
         */
        @WithDefault("1s")
        Duration interval();
    }

    /** Warm pools. */
    interface Pool {
        /** Calls that may wait per function when every instance is at its limit; more get 429. */
        @WithDefault("1000")
        int queueLimit();

        /** How long in-flight calls may finish when a function is updated or deleted. */
        @WithDefault("30s")
        Duration drainGrace();
    }
}
