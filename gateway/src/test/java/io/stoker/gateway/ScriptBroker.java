package io.stoker.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A Kafka broker of an integration test's own, run by deploy/kafka/kafka.sh on its own Stoker home and ports,
 * for tests that run the packaged gateway as a process (no Quarkus test resources there).
 */
final class ScriptBroker implements AutoCloseable {

    final Path home;
    final int port;
    private final int controllerPort;

    private ScriptBroker(Path home, int port, int controllerPort) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on {@code port} (controller on port + 1), data under {@code home}; waits until it answers. */
    static ScriptBroker start(Path home, int port) {
        return start(home, port, port + 1);
    }

    static ScriptBroker start(Path home, int port, int controllerPort) {
        ScriptBroker broker = new ScriptBroker(home, port, controllerPort);
        broker.script("start");
        return broker;
    }

    /** Stops the broker (SIGTERM, as an operator would); {@link #restart()} brings it back on the same data. */
    void stop() {
        script("stop");
    }

    void restart() {
        script("start");
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        script("stop");
    }

    private void script(String command) {
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
