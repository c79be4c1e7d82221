package io.stoker.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliException;
import io.stoker.cli.output.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The gateway's management API ({@code /v1/...}) and its health check. Every failure becomes a
 * {@link CliException} whose message says what went wrong and what to do next.
 */
public final class GatewayClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final GatewayConfig config;
    private final HttpClient http;

    public GatewayClient(GatewayConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    public GatewayConfig config() {
        return config;
    }

    public JsonNode listFunctions() {
        return json(request("/v1/functions").GET());
    }

    public JsonNode getFunction(String name) {
        return json(request("/v1/functions/" + name).GET());
    }

    public JsonNode putFunction(String name, JsonNode spec) {
        return json(request("/v1/functions/" + name)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(spec.toString())));
    }

    public JsonNode deleteFunction(String name) {
        return json(request("/v1/functions/" + name).DELETE());
    }

    /** Uploads a tar.gz of a function folder; each line of the answer's NDJSON stream goes to {@code lines}. */
    public void uploadSource(String name, byte[] tarGz, Consumer<Stream<String>> lines) {
        HttpRequest req = request("/v1/functions/" + name + "/source")
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/gzip")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tarGz))
                .build();
        stream(req, lines);
    }

    /** Streams a function's log lines to {@code lines} (until the gateway closes, when following). */
    public void logs(String name, boolean follow, int tail, Consumer<Stream<String>> lines) {
        HttpRequest req = request("/v1/functions/" + name + "/logs?follow=" + follow + "&tail=" + tail)
                .timeout(follow ? Duration.ofDays(365) : CALL_TIMEOUT)
                .GET()
                .build();
        stream(req, lines);
    }

    /** True when {@code /q/health/ready} answers 200; false when it answers otherwise or not at all. */
    public boolean ready() {
        try {
            HttpRequest req = HttpRequest.newBuilder(config.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3))
                    .GET()
                    .build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends a request to a function's invoke route, {@code {gateway}/function/{name}{path}}. */
    public HttpResponse<byte[]> invoke(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    public URI invokeUri(String name, String path) {
        return config.resolve("/function/" + name + path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(config.resolve(path)).timeout(CALL_TIMEOUT);
        config.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private JsonNode json(HttpRequest.Builder builder) {
        HttpResponse<String> resp;
        try {
            resp = http.send(builder.header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (resp.statusCode() / 100 != 2) {
            throw failure(resp.statusCode(), resp.body());
        }
        try {
            return Json.MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new CliException("the gateway at " + config.url() + " answered something that is not JSON: "
                    + abbreviate(resp.body()));
        }
    }

    private void stream(HttpRequest req, Consumer<Stream<String>> consumer) {
        HttpResponse<Stream<String>> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        try (Stream<String> lines = resp.body()) {
            if (resp.statusCode() / 100 != 2) {
                throw failure(resp.statusCode(), lines.collect(Collectors.joining("\n")));
            }
            consumer.accept(lines);
        } catch (UncheckedIOException e) {
            throw new CliException("the connection to the gateway at " + config.url() + " broke: "
                    + e.getCause().getMessage() + "; check `stoker status` and the gateway log");
        }
    }

    /** The gateway's {"error","message"} body turned into one message, with a hint for auth errors. */
    CliException failure(int status, String body) {
        String message = null;
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && n.hasNonNull("message")) {
                message = n.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: show the text as is
        }
        if (message == null) {
            message = body == null || body.isBlank() ? "HTTP " + status : "HTTP " + status + ": " + abbreviate(body);
        }
        if (status == 401 || status == 403) {
            message += " (the token comes from $STOKER_TOKEN or " + config.tokenFile()
                    + (config.token().isEmpty() ? "; none was found" : "") + ")";
        }
        return new CliException(message);
    }

    private CliException unreachable(IOException e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e.getCause() instanceof ConnectException) {
            return new CliException("cannot reach the gateway at " + config.url()
                    + ": run `bin/stoker up` (or point --gateway / STOKER_GATEWAY at a running gateway)");
        }
        return new CliException("talking to the gateway at " + config.url() + " failed: " + e
                + "; check `bin/stoker status` and " + config.stokerHome().resolve("logs/gateway.log"));
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
