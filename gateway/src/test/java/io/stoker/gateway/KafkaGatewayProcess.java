package io.stoker.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway as a separate process pointed at a given Kafka broker and engine network — what
 * {@link GatewayProcess} does, plus the environment a Kafka restart test needs.
 */
final class KafkaGatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path home;
    final int port;
    private final Process process;

    private KafkaGatewayProcess(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    static KafkaGatewayProcess start(Path home, int port, String bootstrap, String network)
            throws IOException, InterruptedException {
        String jar = System.getProperty("stoker.gateway.jar", "target/quarkus-app/quarkus-run.jar");
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", jar))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("gateway.log").toFile()));
        pb.environment().put("STOKER_HOME", home.toString());
        pb.environment().put("STOKER_PORT", Integer.toString(port));
        pb.environment().put("STOKER_ENGINE_NETWORK", network);
        pb.environment().put("STOKER_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("STOKER_TEMPLATES_DIR", TestApi.repo().resolve("function-templates").toString());
        KafkaGatewayProcess gateway = new KafkaGatewayProcess(home, port, pb.start());
        gateway.awaitReady(Duration.ofSeconds(60));
        return gateway;
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not become ready within " + limit + ": " + log());
    }

    String log() throws IOException {
        return Files.readString(home.resolve("gateway.log"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(300));
        if (Files.exists(home.resolve("token"))) {
            request.header("Authorization", "Bearer " + Files.readString(home.resolve("token")).trim());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGTERM, as `bin/stoker down` does; waits for the exit and returns its code (SIGKILL after 60 s). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
