package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.engine.BuildContexts;
import io.stoker.runtime.engine.TestImages;
import io.stoker.runtime.engine.docker.DockerCli;
import io.stoker.runtime.engine.docker.DockerEngine;
import io.stoker.runtime.instance.EngineInstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.spec.FunctionSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real pool on the real engine: its standby is frozen by the cgroup freezer and thawed for a call. */
class StandbyDockerTest {

    private static final String NETWORK = "stoker-pool-test";
    private static final String IMAGE = "stoker/pool-test-http:latest";
    private static final String FUNCTION = "pooltest";

    private final DockerEngine engine = DockerEngine.fromEnvironment();
    private final EngineInstanceLauncher launcher =
            new EngineInstanceLauncher(engine, NETWORK, Duration.ofSeconds(20), Clock.systemUTC());
    private final ExecutorService launches = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timerThread = Executors.newSingleThreadScheduledExecutor();
    private final RecordingListener events = new RecordingListener();
    private FunctionPool pool;

    @AfterEach
    void cleanUp() throws Exception {
        if (pool != null) {
            pool.close();
            pool.drain(Duration.ZERO).get(30, TimeUnit.SECONDS);
        }
        for (LaunchedInstance left : launcher.find(FUNCTION)) {
            launcher.stop(left);
        }
        launches.shutdownNow();
        timerThread.shutdownNow();
        engine.close();
    }

    @Test
    void aPausedStandbyIsResumedForACall() throws Exception {
        String base = TestImages.firstPresent(engine, TestImages.PYTHON);
        engine.build(BuildContexts.dockerfileOnly("FROM " + base + "\nCMD exec python3 -m http.server \"$PORT\"\n"),
                IMAGE, Map.of(), line -> {});
        FunctionSpec spec = new FunctionSpec(FUNCTION, "", "", IMAGE, 8080, Map.of(), "",
                new FunctionSpec.Limits(128L << 20, 0.5, Duration.ofSeconds(30), 4),
                new FunctionSpec.Scale(0, 2, Duration.ofMinutes(5), 0, FunctionSpec.Scale.DEFAULT_WINDOW,
                        FunctionSpec.Scale.DEFAULT_PANIC_WINDOW, FunctionSpec.Scale.DEFAULT_ZERO_GRACE,
                        Duration.ofSeconds(1), 1),
                "/");
        pool = new FunctionPool(spec, "pooltest-hash", launcher, PoolSettings.defaults(), Clock.systemUTC(), launches,
                new ScheduledExecutorTimer(timerThread), events);

        pool.start();
        InstanceSnapshot standby = awaitPaused(Duration.ofSeconds(60));
        assertThat(inspect(standby.containerId(), "{{.State.Paused}}")).isEqualTo("true");

        long asked = System.nanoTime();
        Lease lease = pool.acquire(Instant.now().plusSeconds(30)).get(30, TimeUnit.SECONDS);
        long acquireMs = (System.nanoTime() - asked) / 1_000_000;

        assertThat(lease.instanceId()).isEqualTo(standby.id());
        InstanceSnapshot now = pool.snapshot().instances().stream()
                .filter(i -> i.id().equals(standby.id())).findFirst().orElseThrow();
        assertThat(now.containerId()).isEqualTo(standby.containerId());
        assertThat(now.state()).isEqualTo(InstanceState.READY);
        assertThat(inspect(standby.containerId(), "{{.State.Paused}}")).isEqualTo("false");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + lease.host() + ":" + lease.port() + "/"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        lease.release();

        assertThat(events.events).anyMatch(e -> e.startsWith("started COLD"))
                .anyMatch(e -> e.startsWith("started RESUME"));
        System.out.printf("cold launch (create to ready) %s; resume (unpause to ready) %s; acquire on a paused pool %d ms%n",
                took(StartKind.COLD), took(StartKind.RESUME), acquireMs);
    }

    private String took(StartKind kind) {
        return events.events.stream().filter(e -> e.startsWith("started " + kind + " ")).findFirst()
                .map(e -> Duration.parse(e.substring(e.lastIndexOf(' ') + 1)).toMillis() + " ms").orElse("?");
    }

    private InstanceSnapshot awaitPaused(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            for (InstanceSnapshot i : pool.snapshot().instances()) {
                if (i.state() == InstanceState.PAUSED) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no instance paused within " + timeout + ": " + pool.snapshot());
    }

    private static String inspect(String containerId, String format) {
        return DockerCli.run("inspect", "--format", format, containerId).strip();
    }
}
