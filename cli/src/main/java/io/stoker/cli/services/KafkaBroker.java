package io.stoker.cli.services;

import io.stoker.cli.CliException;
import io.stoker.cli.system.CommandRunner;
import io.stoker.cli.system.PidFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local Kafka broker as a {@link ProcessService}. {@code deploy/kafka/kafka.sh prepare} gathers
 * its jars and writes its files; the broker then runs as the same command {@code kafka.sh start}
 * uses, with the same pid file, so either one stops what the other started.
 */
public final class KafkaBroker {

    public static final int DEFAULT_PORT = 9092;
    /** Text of the broker's command line (its main class), shared with kafka.sh. */
    static final String MARKER = "kafka.Kafka";

    private KafkaBroker() {}

    /** {@code STOKER_KAFKA_PORT}, else {@value #DEFAULT_PORT}; anything else than a port is an error. */
    public static int port(Map<String, String> env) {
        String raw = env.get("STOKER_KAFKA_PORT");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int p = Integer.parseInt(raw.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException("STOKER_KAFKA_PORT='" + raw + "' is not a port number (1-65535)", 2);
    }

    static ProcessService.Definition definition(Map<String, String> env, Path repo, Path stokerHome) {
        int port = port(env);
        Path kafkaDir = stokerHome.resolve("kafka");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path script = repo.resolve("deploy/kafka/kafka.sh");
        Map<String, String> scriptEnv = new HashMap<>();
        for (String passed : List.of("STOKER_KAFKA_CONTROLLER_PORT", "STOKER_KAFKA_HEAP")) {
            if (env.containsKey(passed)) {
                scriptEnv.put(passed, env.get(passed));
            }
        }
        scriptEnv.put("STOKER_HOME", stokerHome.toString());
        scriptEnv.put("STOKER_KAFKA_PORT", Integer.toString(port));
        // the script gathers and formats with the same Java the broker will run on
        scriptEnv.put("JAVA_HOME", System.getProperty("java.home"));
        KafkaProbe probe = new KafkaProbe("127.0.0.1", port, Duration.ofSeconds(2));
        return new ProcessService.Definition(
                "kafka",
                List.of(java.toString(), "@" + kafkaDir.resolve("jvm.args"), MARKER,
                        kafkaDir.resolve("server.properties").toString()),
                Map.copyOf(scriptEnv),
                kafkaDir,
                new PidFile(stokerHome.resolve("run/kafka.pid")),
                stokerHome.resolve("logs/kafka.log"),
                MARKER,
                probe,
                probe.where(),
                console -> {
                    console.info("running deploy/kafka/kafka.sh prepare");
                    CommandRunner.runOrFail(List.of("bash", script.toString(), "prepare"), repo, scriptEnv, console::info);
                },
                Duration.ofSeconds(60),
                Duration.ofSeconds(30));
    }
}
