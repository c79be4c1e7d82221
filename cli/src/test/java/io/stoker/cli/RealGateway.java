package io.stoker.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway (gateway/target/quarkus-app) as a separate process on a free port, with a
 * Stoker home and an engine network of its own, for CLI tests against the real thing. The cli pom
 * passes its jar as {@code stoker.gateway.jar}; the gateway module must have been packaged first.
 */
public final class RealGateway implements AutoCloseable {

    public final Path home;
    public final String network;
    public final int port;
    private final Process process;

    private RealGateway(Path home, String network, int port, Process process) {
        this.home = home;
        this.network = network;
        this.port = port;
        this.process = process;
    }

    public static RealGateway start(String test) throws IOException, InterruptedException {
        return start(test, java.util.Map.of());
    }

    /** As {@link #start(String)}, with environment variables added (settings such as STOKER_BUILD_ENABLED). */
    public static RealGateway start(String test, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("stoker.gateway.jar", "../gateway/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged gateway at " + jar.toAbsolutePath()
                    + ": run `mvn -pl gateway -am package -DskipTests` first");
        }
        Path home = Files.createTempDirectory("stoker-" + test + "-home");
        String network = "stoker-" + test + "-" + ProcessHandle.current().pid();
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("gateway.log").toFile()));
        pb.environment().put("STOKER_HOME", home.toString());
        pb.environment().put("STOKER_PORT", Integer.toString(port));
        pb.environment().put("STOKER_ENGINE_NETWORK", network);
        pb.environment().put("STOKER_TEMPLATES_DIR", repo().resolve("function-templates").toString());
        pb.environment().putAll(env);
        RealGateway gateway = new RealGateway(home, network, port, pb.start());
        try {
            gateway.awaitReady(Duration.ofSeconds(90));
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String log() throws IOException {
        return Files.readString(home.resolve("gateway.log"));
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway was not ready within " + limit + ": " + log());
    }

    /** Stops the gateway (SIGTERM), then removes the containers and network it left on the engine. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        // a stopped gateway leaves its containers for the next one to adopt; this test has no next one
        for (String id : docker("ps", "-aq", "--filter", "label=stoker.network=" + network).split("\\s+")) {
            if (!id.isBlank()) {
                docker("rm", "-f", id);
            }
        }
        docker("network", "rm", network);
    }

    /** The docker CLI, best effort: returns its output, or "" when it failed. */
    public static String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The repository root: the first folder up from here holding function-templates/. */
    public static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("function-templates"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (with function-templates/)");
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
