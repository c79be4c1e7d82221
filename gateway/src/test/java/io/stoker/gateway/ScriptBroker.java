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

    private ScriptBroker(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Starts a broker on {@code port} (controller on port + 1), data under {@code home}; waits until it answers. */
    static ScriptBroker start(Path home, int port) {
        ScriptBroker broker = new ScriptBroker(home, port);
        broker.script("start");
        return broker;
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
        pb.environment().put("STOKER_KAFKA_CONTROLLER_PORT", Integer.toString(port + 1));
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
