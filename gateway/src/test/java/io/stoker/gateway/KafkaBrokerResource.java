package io.stoker.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Apache Kafka broker (KRaft, single node) for the trigger tests, started with the same
 * script `bin/stoker up` uses, on ports of its own so it never meets a developer's broker.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** Free ports picked at start, so parallel runs and a developer's broker never collide. */
    static volatile int port;
    static volatile String BOOTSTRAP;
    private static int controllerPort;
    private static Path home;

    @Override
    public Map<String, String> start() {
        try {
            home = Files.createTempDirectory("stoker-kafka-test");
            port = freePort();
            controllerPort = freePort();
            BOOTSTRAP = "127.0.0.1:" + port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        script("start");
        return Map.of("stoker.kafka.bootstrap-servers", BOOTSTRAP);
    }

    @Override
    public void stop() {
        script("stop");
    }

    /** Stops the broker (SIGTERM, as an operator would), for fault tests. */
    static void stopBroker() {
        script("stop");
    }

    /** Starts it again on the same data. */
    static void startBroker() {
        script("start");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void script(String command) {
        Path script = TestApi.repo().resolve("deploy/kafka/kafka.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
        pb.environment().put("STOKER_HOME", home.toString());
        pb.environment().put("STOKER_KAFKA_PORT", Integer.toString(port));
        pb.environment().put("STOKER_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("kafka.sh " + command + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
