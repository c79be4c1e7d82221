package io.stoker.function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link Handler} over HTTP/1.1 on {@code $PORT} with the JDK's own HTTP server: no
 * framework, so the JVM starts in a few hundred milliseconds.
 *
 * <p>Environment: {@code STOKER_HANDLER} (class name, required), {@code PORT} (default 8080).
 * With {@code STOKER_CDS_TRAIN=1} it serves one call to itself and exits: the build runs it that
 * way to record an AppCDS archive of the classes a call needs, without calling user code.
 */
public final class Runner {

    private Runner() {}

    public static void main(String[] args) throws Exception {
        // Without it the JDK server's small writes wait for delayed ACKs (Nagle): ~40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String handlerClass = env("STOKER_HANDLER", "");
        if (handlerClass.isEmpty()) {
            fail("STOKER_HANDLER is not set: build the image with --build-arg HANDLER=<class name>");
        }
        int port = Integer.parseInt(env("PORT", "8080"));
        boolean train = "1".equals(System.getenv("STOKER_CDS_TRAIN"));

        Handler handler = train ? trainingHandler(handlerClass) : load(handlerClass);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 1024);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stoker-call");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", exchange -> serve(handler, exchange));
        server.start();
        if (train) {
            callSelf(server.getAddress().getPort());
            server.stop(0);
            System.exit(0);
        }
        System.out.println("stoker java runner: serving " + handlerClass + " on port " + port);
    }

    private static void serve(Handler handler, HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = handler.handle(toRequest(exchange));
                if (response == null) {
                    response = Response.text(500, "the handler returned no response");
                }
            } catch (Exception | LinkageError e) {
                System.err.println("stoker java runner: handler failed: " + e);
                e.printStackTrace();
                response = Response.text(500, "handler failed: " + e);
            }
            write(exchange, response);
        }
    }

    private static Request toRequest(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach(
                (k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String query = uri.getRawQuery();
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), uri.getRawPath(),
                query == null ? "" : query, headers, body);
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding")) {
                exchange.getResponseHeaders().set(k, v);
            }
        });
        byte[] body = response.body();
        int status = response.status();
        boolean noBody = body.length == 0 || status == 204 || status == 304 || status < 200
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        // -1 tells the JDK server "no body"; 0 would mean chunked.
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Handler load(String className) {
        try {
            Class<?> c = Class.forName(className);
            if (!Handler.class.isAssignableFrom(c)) {
                fail(className + " does not implement io.stoker.function.Handler");
            }
            return (Handler) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            fail("handler class " + className + " not found on the class path");
        } catch (ReflectiveOperationException e) {
            fail("cannot create " + className + " (it needs a public no-argument constructor): " + e);
        }
        return null;
    }

    /** Loads (without initialising) the handler class, so it lands in the archive, but never runs it. */
    private static Handler trainingHandler(String className) {
        try {
            Class.forName(className, false, Runner.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            fail("handler class " + className + " not found on the class path");
        }
        return request -> Response.json(200, "{\"path\":\"" + request.path() + "\",\"len\":" + request.body().length
                + "}").withHeader("X-Train", request.bodyAsString());
    }

    private static void callSelf(int port) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/train?x=1").toURL()
                .openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write("train".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static void fail(String message) {
        System.err.println("stoker java runner: " + message);
        System.exit(2);
    }
}
