package io.stoker.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliException;
import io.stoker.cli.output.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
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

    /** PUT with the NDJSON answer: the pull of an image the engine lacks and the start, as events. */
    public void putFunctionStream(String name, JsonNode spec, Consumer<Stream<String>> lines) {
        stream(request("/v1/functions/" + name)
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .PUT(HttpRequest.BodyPublishers.ofString(spec.toString())).build(), lines);
    }

    /** Pushes a function's image to {@code repository}; the NDJSON events go to {@code lines}. */
    public void push(String name, String repository, Consumer<Stream<String>> lines) {
        String body = Json.MAPPER.createObjectNode().put("repository", repository).toString();
        stream(request("/v1/functions/" + name + "/push")
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), lines);
    }

    /**
     * What the gateway says of itself ({@code GET /v1/gateway}: whether it builds, where it keeps functions); empty
     * from a gateway older than that endpoint, which builds.
     */
    public Optional<JsonNode> describeGateway() {
        HttpResponse<String> resp = send(request("/v1/gateway").GET());
        if (resp.statusCode() == 404) {
            return Optional.empty();
        }
        if (resp.statusCode() / 100 != 2) {
            throw failure(resp.statusCode(), resp.body());
        }
        try {
            return Optional.of(Json.MAPPER.readTree(resp.body()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public JsonNode listRegistries() {
        return json(request("/v1/registries").GET());
    }

    /** Stores credentials for a registry on the gateway (which checks them with the registry first). */
    public JsonNode login(String host, String username, String password) {
        String body = Json.MAPPER.createObjectNode().put("username", username).put("password", password).toString();
        return json(request("/v1/registries/" + host)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode logout(String host) {
        return json(request("/v1/registries/" + host).DELETE());
    }

    public JsonNode deleteFunction(String name) {
        return json(request("/v1/functions/" + name).DELETE());
    }

    /** Uploads a tar.gz of a function folder; each line of the answer's NDJSON stream goes to {@code lines}. */
    public void uploadSource(String name, byte[] tarGz, Consumer<Stream<String>> lines) {
        uploadSource(name, tarGz, null, lines);
    }

    /** As {@link #uploadSource(String, byte[], Consumer)}, and pushes the image to {@code push} (null: no push). */
    public void uploadSource(String name, byte[] tarGz, String push, Consumer<Stream<String>> lines) {
        uploadSource(name, tarGz, push, true, lines);
    }

    /**
     * As {@link #uploadSource(String, byte[], String, Consumer)}; with {@code deploy} false the gateway builds and
     * pushes only, and its last event ({@code done}) holds the spec by digest, for another gateway to deploy.
     */
    public void uploadSource(String name, byte[] tarGz, String push, boolean deploy, Consumer<Stream<String>> lines) {
        String query = push == null ? "" : "?push=" + URLEncoder.encode(push, StandardCharsets.UTF_8);
        if (!deploy) {
            query += (query.isEmpty() ? "?" : "&") + "deploy=false";
        }
        HttpRequest req = request("/v1/functions/" + name + "/source" + query)
                .timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/gzip")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tarGz))
                .build();
        stream(req, lines);
    }

    /** Streams a function's log lines to {@code lines} (until the gateway closes, when following). */
    public void logs(String name, boolean follow, int tail, Consumer<Stream<String>> lines) {
        logs(name, follow, tail, null, lines);
    }

    /** {@link #logs}, only lines written since {@code since} (a duration back from now, or an instant; null: all). */
    public void logs(String name, boolean follow, int tail, String since, Consumer<Stream<String>> lines) {
        HttpRequest req = request("/v1/functions/" + name + "/logs?follow=" + follow + "&tail=" + tail
                + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8)))
                .timeout(follow ? Duration.ofDays(365) : CALL_TIMEOUT)
                .GET()
                .build();
        stream(req, lines);
    }

    /** One page of call records, newest first; {@code query} holds the filters set (function, status, ...). */
    public JsonNode invocations(java.util.Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return json(request("/v1/invocations" + (q.isEmpty() ? "" : "?" + q)).GET());
    }

    /** The record of one call, with its result (async calls). */
    public JsonNode invocation(String id) {
        return json(request("/v1/invocations/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).GET());
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

    /**
     * A management call with a JSON body, or none when {@code body} is null: the answer's JSON, or a CliException
     * with the gateway's message (secrets, tokens and the audit log go through here).
     */
    public JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = request(path);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return json(b);
    }

    /** Where an async call of {@code name} goes ({@code /async-function/...}). */
    public URI asyncInvokeUri(String name, String path) {
        return config.resolve("/async-function/" + name + path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(config.resolve(path)).timeout(CALL_TIMEOUT);
        config.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private JsonNode json(HttpRequest.Builder builder) {
        HttpResponse<String> resp = send(builder);
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
        if (e instanceof javax.net.ssl.SSLHandshakeException) {
            return new CliException("the gateway at " + config.url() + " has a certificate this machine does not"
                    + " trust (" + e.getMessage() + "): pass --ca-file PEM (or set " + CaFile.ENV + ") with the"
                    + " gateway's certificate or its authority's");
        }
        return new CliException("talking to the gateway at " + config.url() + " failed: " + e
                + "; check `bin/stoker status` and " + config.stokerHome().resolve("logs/gateway.log"));
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
