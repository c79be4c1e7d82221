package io.stoker.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/** A test HTTP server on loopback that keeps every callback POSTed to it (headers and body), by X-Call-Id. */
final class CallbackServer implements AutoCloseable {

    /** One callback as it arrived. */
    record Callback(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Callback> received = new ArrayList<>();
    /** Paths under /flaky/ already refused once: the first callback to each gets 500, to show it is retried. */
    private final Set<String> refused = new HashSet<>();
    private int refusals;

    CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Callback cb = new Callback(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
            int status = 200;
            synchronized (this) {
                if (cb.path().startsWith("/flaky/") && refused.add(cb.path())) {
                    status = 500;
                    refusals++;
                } else {
                    received.add(cb);
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    synchronized int refusals() {
        return refusals;
    }

    synchronized List<Callback> received() {
        return new ArrayList<>(received);
    }

    /** Call id → its callbacks. */
    synchronized Map<String, List<Callback>> byCallId() {
        Map<String, List<Callback>> out = new HashMap<>();
        for (Callback c : received) {
            out.computeIfAbsent(c.header("X-Call-Id"), k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
