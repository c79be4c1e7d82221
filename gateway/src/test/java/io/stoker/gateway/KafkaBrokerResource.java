package io.stoker.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A real Apache Kafka broker (KRaft, single node) for the trigger tests, started with the same
 * script `bin/stoker up` uses, on ports of its own so it never meets a developer's broker.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** Free ports picked at start, so parallel runs and a developer's broker never collide. */
    static volatile String BOOTSTRAP;
    private static ScriptBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = ScriptBroker.start(Files.createTempDirectory("stoker-kafka-test"), freePort(), freePort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        BOOTSTRAP = broker.bootstrap();
        // Async calls are off in tests by default (a test without a broker of its own must never join the async
        // consumer group of a developer's broker); with this broker they are on.
        return Map.of("stoker.kafka.bootstrap-servers", BOOTSTRAP, "stoker.async.enabled", "true");
    }

    @Override
    public void stop() {
        broker.stop();
    }

    /** Stops the broker (SIGTERM, as an operator would), for fault tests. */
    static void stopBroker() {
        broker.stop();
    }

    /** Starts it again on the same data. */
    static void startBroker() {
        broker.restart();
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
