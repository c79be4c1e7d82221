package io.stoker.runtime.instance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Ready when a GET of the path answers with any status below 500. */
public final class HttpReadiness implements ReadinessCheck {

    // One client for every probe: each new HttpClient starts its own selector thread.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String path;

    public HttpReadiness(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("readiness path must start with '/': '" + path + "'");
        }
        this.path = path;
    }

    @Override
    public boolean probe(String host, int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(1))
                .GET()
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "an HTTP GET of " + path;
    }
}
