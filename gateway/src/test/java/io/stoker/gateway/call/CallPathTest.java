package io.stoker.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoker.gateway.metrics.StokerMetrics;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.StartKind;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionLookup;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.pool.FunctionPool;
import io.stoker.runtime.pool.PoolSettings;
import io.stoker.runtime.pool.ScheduledExecutorTimer;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import io.stoker.runtime.trigger.InvokeResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one call path, both modes, on a real Vert.x against a real HTTP server standing in for an instance, with the
 * real pool; only the engine is replaced (the launcher hands out the server's address and says whether the
 * "container" still runs). No Docker, no broker: a fast test.
 */
class CallPathTest {

    private Vertx vertx;
    private HttpServer function;
    private HttpServer gateway;
    private final Map<String, DeployedFunction> deployed = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService launches = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timers = ScheduledExecutorTimer.singleThread(r -> new Thread(r, "pool-timer"));
    private CallPath calls;
    private volatile boolean containerExited;
    private volatile String lastHeaders = "";
    private final List<CallRecord> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        function = vertx.createHttpServer().requestHandler(req -> {
            lastHeaders = req.headers().names().toString().toLowerCase();
            switch (req.path()) {
                case "/slow" -> { } // never answers
                case "/close" -> req.connection().close();
                case "/half" -> {
                    req.response().setChunked(true).write("part of an answer");
                    vertx.setTimer(50, t -> req.connection().close());
                }
                default -> req.body().onSuccess(b -> req.response()
                        .putHeader("x-deadline", String.valueOf(req.getHeader("x-stoker-deadline-ms")))
                        .end("echo:" + b));
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        FunctionLookup lookup = new FunctionLookup() {
            @Override
            public DeployedFunction lookup(String name) {
                return deployed.get(name);
            }

            @Override
            public boolean restored() {
                return true;
            }
        };
        calls = new CallPath(lookup, Clock.systemUTC(), vertx, new StokerMetrics(meters, null), 1024,
                new UpstreamClient(vertx, 8), recorded::add);
    }

    @AfterEach
    void stop() throws Exception {
        deployed.values().forEach(fn -> fn.pool().close());
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        launches.shutdownNow();
        timers.shutdownNow();
    }

    private DeployedFunction deploy(String timeout, int port) {
        FunctionSpec spec = SpecParser.parse("name: f\nimage: test\nlimits:\n  timeout: " + timeout
                + "\n  concurrency: 1\nscale:\n  max: 1\n");
        InstanceLauncher launcher = new InstanceLauncher() {
            @Override
            public LaunchedInstance launch(FunctionSpec s, String hash, String id) {
                return new LaunchedInstance("f", id, "c-" + id, "127.0.0.1", port, hash, true);
            }

            @Override
            public void stop(LaunchedInstance instance) {}

            @Override
            public void pause(LaunchedInstance instance) {}

            @Override
            public void resume(LaunchedInstance instance) {}

            @Override
            public Optional<ContainerExit> exitOf(LaunchedInstance instance) {
                return containerExited ? Optional.of(new ContainerExit(instance.containerId(), ExitCause.EXITED, 3,
                        Instant.now())) : Optional.empty();
            }

            @Override
            public List<LaunchedInstance> find(String name) {
                return List.of();
            }

            @Override
            public List<LaunchedInstance> findAll() {
                return List.of();
            }
        };
        FunctionPool pool = new FunctionPool(spec, "h1", launcher, PoolSettings.defaults(), Clock.systemUTC(), launches,
                new ScheduledExecutorTimer(timers));
        pool.start();
        DeployedFunction fn = new DeployedFunction(spec, "h1", pool, Instant.now(), Instant.now());
        deployed.put("f", fn);
        return fn;
    }

    private InvokeResult record(String path) throws Exception {
        return calls.call(CallRequest.post(Trigger.KAFKA, "f", path, Map.of("content-type", "text/plain"),
                "hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5))).get(20, TimeUnit.SECONDS);
    }

    private static String text(InvokeResult r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aRecordIsPostedWithTheStokerHeadersAndItsAnswerCollected() throws Exception {
        DeployedFunction fn = deploy("5s", function.actualPort());
        InvokeResult r = record("/echo");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.fault()).isEqualTo(InvokeResult.Fault.NONE);
        assertThat(text(r)).isEqualTo("echo:hello");
        assertThat(Long.parseLong(r.headers().get("x-deadline"))).isGreaterThan(System.currentTimeMillis());
        assertThat(lastHeaders).contains("x-stoker-invocation-id", "x-stoker-deadline-ms");
        assertThat(meters.get("stoker.invocations").tags("trigger", "kafka", "outcome", "success").counter().count())
                .isEqualTo(1.0);
        assertThat(fn.pool().snapshot().inFlight()).isZero();
    }

    @Test
    void aFunctionThatDoesNotAnswerInTimeIsTheCallsFaultAndItsLeaseComesBack() throws Exception {
        DeployedFunction fn = deploy("300ms", function.actualPort());
        long start = System.nanoTime();
        InvokeResult r = calls.call(CallRequest.post(Trigger.KAFKA, "f", "/slow", Map.of(), new byte[0],
                Duration.ofMillis(300)))
                .get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.fault()).isEqualTo(InvokeResult.Fault.CALL);
        assertThat(text(r)).contains("did not answer within its timeout of 300 ms");
        assertThat(fn.pool().snapshot().inFlight()).isZero();
    }

    @Test
    void aConnectionClosedWhileTheInstanceRunsIsTheCallsFault() throws Exception {
        deploy("5s", function.actualPort());
        InvokeResult r = record("/close");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.fault()).isEqualTo(InvokeResult.Fault.CALL);
    }

    @Test
    void aConnectionClosedBecauseTheInstanceExitedWithOnlyThisCallIsACrashOfThisCall() throws Exception {
        deploy("5s", function.actualPort());
        containerExited = true; // what the engine will say when the pool asks
        InvokeResult r = record("/half");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.fault()).isEqualTo(InvokeResult.Fault.CRASH_ALONE);
        assertThat(text(r)).contains("exited, 1 calls in flight");
    }

    @Test
    void anInstanceNobodyListensOnIsRetriedTwiceThenAPlatformFault() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        deploy("5s", closedPort);
        InvokeResult r = record("/echo");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.fault()).isEqualTo(InvokeResult.Fault.PLATFORM);
        assertThat(text(r)).contains("cannot connect to the instance");
    }

    @Test
    void aFunctionNotDeployedIsA404ThatUsesAnAttempt() throws Exception {
        InvokeResult r = record("/echo");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.fault()).isEqualTo(InvokeResult.Fault.CALL);
    }

    @Test
    void aCallWaitingWhenItsFunctionIsReplacedIsServedByTheNewVersion() throws Exception {
        DeployedFunction old = deploy("5s", function.actualPort());
        // The old version's only instance is busy with a call that never ends, so the next one waits in its queue.
        var stuck = calls.call(CallRequest.post(Trigger.KAFKA, "f", "/slow", Map.of(), new byte[0],
                Duration.ofSeconds(5)));
        org.awaitility.Awaitility.await().alias("the slow call holds the old instance")
                .atMost(Duration.ofSeconds(10)).until(() -> old.pool().snapshot().inFlight() == 1);
        var waiting = calls.call(CallRequest.post(Trigger.KAFKA, "f", "/echo", Map.of(), "v2".getBytes(),
                Duration.ofSeconds(5)));
        org.awaitility.Awaitility.await().alias("the second call waits")
                .atMost(Duration.ofSeconds(10)).until(() -> old.pool().snapshot().queued() == 1);
        deploy("5s", function.actualPort()); // the new version serves
        old.pool().drain(Duration.ofMillis(100));
        InvokeResult r = waiting.get(20, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("echo:v2");
        assertThat(stuck.get(20, TimeUnit.SECONDS).status()).isEqualTo(502); // aborted by the drain, as before
    }

    // ---- the streamed mode, through a real HTTP server in front

    private int gateway() throws Exception {
        gateway = vertx.createHttpServer().requestHandler(req -> {
            req.pause();
            calls.stream(req, deployed.get("f"), req.uri(), System.nanoTime());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return gateway.actualPort();
    }

    @Test
    void anHttpCallStreamsItsBodyAndDropsHopByHopHeadersInPlace() throws Exception {
        deploy("5s", function.actualPort());
        int port = gateway();
        String answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /echo?x=1 HTTP/1.1\r\nHost: fn.example\r\n"
                    + "Connection: close, x-drop-me\r\nx-drop-me: 1\r\nx-keep: 1\r\nUpgrade: nothing\r\n"
                    + "Content-Length: 6\r\n\r\na body").getBytes(StandardCharsets.US_ASCII));
            // Read up to the end of the echo: the connection stays open (Vert.x reads only a lone "close" token).
            socket.setSoTimeout(10_000);
            StringBuilder read = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!read.toString().endsWith("echo:a body")) {
                int n = socket.getInputStream().read(buf);
                if (n < 0) {
                    break;
                }
                read.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            answer = read.toString();
        }
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("x-stoker-invocation-id").endsWith("echo:a body");
        assertThat(lastHeaders).contains("x-keep", "x-forwarded-host", "x-stoker-deadline-ms")
                .doesNotContain("upgrade", "x-drop-me", "connection");
        // Counted once the answer is through, which the client may see a moment before.
        org.awaitility.Awaitility.await().alias("the call is counted").atMost(Duration.ofSeconds(5)).until(() ->
                meters.find("stoker.invocations").tags("trigger", "http", "outcome", "success").counter() != null
                        && meters.get("stoker.invocations").tags("trigger", "http", "outcome", "success").counter()
                        .count() == 1.0);
    }

    @Test
    void anHttp2CallKeepsItsBodyWithoutAContentLength() throws Exception {
        deploy("5s", function.actualPort());
        int port = gateway();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // The first request upgrades the connection (h2c); the second goes over HTTP/2 with a streamed body.
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "streamed".getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo:streamed");
    }

    @Test
    void anHttpCallOverItsTimeoutIsA504WithAJsonBody() throws Exception {
        deploy("300ms", function.actualPort());
        int port = gateway();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("\"error\":\"timeout\"").contains("300 ms");
        assertThat(meters.get("stoker.invocations").tags("trigger", "http", "outcome", "timeout").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void anHttpBodyOverTheLimitIsA413() throws Exception {
        deploy("5s", function.actualPort());
        int port = gateway();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[4096])))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"error\":\"body_too_large\"");
    }

    // ---- records

    @Test
    void eachKafkaCallHasARecordTheFirstColdAfterItsInstanceStartTheNextWarm() throws Exception {
        deploy("5s", function.actualPort());
        long before = System.currentTimeMillis() * 1000;
        record("/echo");
        record("/echo");
        org.awaitility.Awaitility.await().alias("two records").atMost(Duration.ofSeconds(5))
                .until(() -> recorded.size() == 2);
        CallRecord cold = recorded.get(0);
        CallRecord warm = recorded.get(1);
        assertThat(cold.trigger()).isEqualTo(Trigger.KAFKA);
        assertThat(cold.function()).isEqualTo("f");
        assertThat(cold.specHash()).isEqualTo("h1");
        assertThat(cold.status()).isEqualTo(CallStatus.SUCCESS);
        assertThat(cold.httpStatus()).isEqualTo(200);
        assertThat(cold.startKind()).as("the call waited for its instance to start").isEqualTo(StartKind.COLD);
        assertThat(cold.instanceId()).isNotNull().isEqualTo(warm.instanceId());
        assertThat(cold.attempts()).isEqualTo(1);
        assertThat(cold.arrivalMicros()).isBetween(before - 1_000_000, System.currentTimeMillis() * 1000 + 1_000_000);
        assertThat(cold.startMicros()).isGreaterThanOrEqualTo(cold.arrivalMicros());
        assertThat(cold.endMicros()).isGreaterThanOrEqualTo(cold.startMicros());
        assertThat(cold.queueWaitMicros()).isEqualTo(cold.startMicros() - cold.arrivalMicros());
        assertThat(warm.startKind()).isEqualTo(StartKind.WARM);
        assertThat(warm.startTookMicros()).isZero();
        assertThat(warm.id()).isNotEqualTo(cold.id());
    }

    @Test
    void aTimeoutAndAMissingFunctionAreRecordedWithTheirStatus() throws Exception {
        deploy("300ms", function.actualPort());
        calls.call(CallRequest.post(Trigger.KAFKA, "f", "/slow", Map.of(), new byte[0],
                Duration.ofMillis(300))).get(20, TimeUnit.SECONDS);
        calls.call(CallRequest.post(Trigger.KAFKA, "gone", "/", Map.of(), new byte[0],
                Duration.ofSeconds(1))).get(20, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().alias("two records").atMost(Duration.ofSeconds(5))
                .until(() -> recorded.size() == 2);
        assertThat(recorded).extracting(CallRecord::status).containsExactlyInAnyOrder(CallStatus.TIMEOUT,
                CallStatus.REJECTED);
        CallRecord timeout = recorded.stream().filter(r -> r.status() == CallStatus.TIMEOUT).findFirst().orElseThrow();
        assertThat(timeout.httpStatus()).isEqualTo(504);
        assertThat(timeout.error()).contains("300 ms");
        CallRecord missing = recorded.stream().filter(r -> r.status() == CallStatus.REJECTED).findFirst().orElseThrow();
        assertThat(missing.function()).isEqualTo("gone");
        assertThat(missing.httpStatus()).isEqualTo(404);
        assertThat(missing.startKind()).isEqualTo(StartKind.NONE);
    }

    @Test
    void anAsyncAttemptsRecordGoesToItsTriggerNotTheRecorder() throws Exception {
        deploy("5s", function.actualPort());
        List<CallRecord> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        calls.call(CallRequest.post(Trigger.ASYNC, "f", "/echo", Map.of(), new byte[0], Duration.ofSeconds(5))
                        .recordedBy(attempts::add))
                .get(20, TimeUnit.SECONDS);
        calls.call(CallRequest.post(Trigger.ASYNC, "f", "/echo", Map.of(), new byte[0], Duration.ofSeconds(5)))
                .get(20, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().alias("the attempt's record").atMost(Duration.ofSeconds(5))
                .until(() -> attempts.size() == 1);
        assertThat(attempts.get(0).trigger()).isEqualTo(Trigger.ASYNC);
        assertThat(attempts.get(0).instanceId()).isNotNull();
        assertThat(recorded).isEmpty();
    }

    @Test
    void anHttpCallHasARecordUnderTheIdItsCallerSaw() throws Exception {
        deploy("5s", function.actualPort());
        int port = gateway();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/echo")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().alias("the record").atMost(Duration.ofSeconds(5))
                .until(() -> recorded.size() == 1);
        CallRecord http = recorded.get(0);
        assertThat(http.id()).isEqualTo(r.headers().firstValue("x-stoker-invocation-id").orElseThrow());
        assertThat(http.trigger()).isEqualTo(Trigger.HTTP);
        assertThat(http.status()).isEqualTo(CallStatus.SUCCESS);
        assertThat(http.instanceId()).isEqualTo(r.headers().firstValue("x-stoker-instance").orElseThrow());
    }
}
