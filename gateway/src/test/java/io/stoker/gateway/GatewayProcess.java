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

/** The packaged gateway as a separate process, as `bin/stoker up` runs it, for restart tests. */
final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path home;
    final int port;
    private final Process process;

    private GatewayProcess(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /**
     * A new, empty Stoker home for a gateway of this test, which {@link TestApi} then uses; fails first when the
     * base images its functions build on are missing.
     */
    static Path newHome(String test) throws IOException {
        Docker.requireImages(StokerTestResource.BASE_IMAGES);
        Path home = Files.createTempDirectory("stoker-" + test + "-home");
        TestApi.home = home;
        return home;
    }

    static GatewayProcess start(Path home, int port) throws IOException, InterruptedException {
        return start(home, port, java.util.Map.of());
    }

    /** As {@link #start(Path, int)}, with environment variables added or overriding the defaults. */
    static GatewayProcess start(Path home, int port, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        GatewayProcess gateway = launch(home, port, env);
        // Seen: 66 s to start on a busy 2-core machine (adoption, the record store's migration, Kafka clients).
        gateway.await("/q/health/ready", Duration.ofSeconds(150));
        return gateway;
    }

    /** Started and answering (live), whether or not it is ready: for a gateway whose engine is away. */
    static GatewayProcess startWithoutReadiness(Path home, int port, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        GatewayProcess gateway = launch(home, port, env);
        gateway.await("/q/health/live", Duration.ofSeconds(60));
        return gateway;
    }

    private static GatewayProcess launch(Path home, int port, java.util.Map<String, String> env) throws IOException {
        String jar = System.getProperty("stoker.gateway.jar", "target/quarkus-app/quarkus-run.jar");
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", jar))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("gateway.log").toFile()));
        pb.environment().put("STOKER_HOME", home.toString());
        pb.environment().put("STOKER_PORT", Integer.toString(port));
        pb.environment().put("STOKER_ENGINE_NETWORK", "stoker-restart-test");
        pb.environment().put("STOKER_TEMPLATES_DIR", TestApi.repo().resolve("function-templates").toString());
        pb.environment().putAll(env);
        return new GatewayProcess(home, port, pb.start());
    }

    private void await(String health, Duration limit) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (get(health).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroy(); // no gateway of a failed start is left running
        throw new IllegalStateException("the gateway did not answer 200 on " + health + " within " + limit + ": " + log());
    }

    String log() throws IOException {
        return Files.readString(home.resolve("gateway.log"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(120));
        if (Files.exists(home.resolve("token"))) {
            request.header("Authorization", "Bearer " + Files.readString(home.resolve("token")).trim());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Deploys gateway/src/test/resources/functions/{@code name} from source, its stoker.yaml with {@code yamlAdded}
     * appended, as `stoker deploy` would; fails unless the deploy ends ready.
     */
    void deployTestFunction(String name, String yamlAdded) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("fn-" + name);
        Path src = TestApi.repo().resolve("gateway/src/test/resources/functions/" + name);
        Files.copy(src.resolve("handler.py"), folder.resolve("handler.py"));
        Files.writeString(folder.resolve("stoker.yaml"), Files.readString(src.resolve("stoker.yaml")) + yamlAdded);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/functions/" + name + "/source"))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestApi.tarGz(folder))));
        String[] lines = r.body().trim().split("\n");
        if (r.statusCode() != 200
                || !TestApi.readJson(lines[lines.length - 1]).path("event").asText().equals("ready")) {
            throw new AssertionError("deploy of " + name + " did not end ready: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGTERM, as `bin/stoker down` does; returns the exit code (143 for a clean SIGTERM exit). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /**
     * SIGKILL ({@code kill -9}): no shutdown hook, no drain, no commit, no detach. Returns the exit code, 137
     * (128 + 9) when the JVM died of the signal; fails if it is still alive 30 s later.
     */
    int kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Unix
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway (pid " + process.pid() + ") is still alive 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as `bin/stoker down` does, and wait for the exit (at once if it was killed already). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
