package io.stoker.runtime.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoker.runtime.engine.BuildContexts;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.TestImages;
import io.stoker.runtime.engine.docker.DockerCli;
import io.stoker.runtime.engine.docker.DockerEngine;
import io.stoker.runtime.spec.FunctionSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Launches real hardened containers and looks at them from outside, through the docker CLI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineInstanceLauncherDockerTest {

    private static final String NETWORK = "stoker-launcher-test";
    private static final String HTTP_IMAGE = "stoker/launcher-test-http:latest";
    private static final String CRASH_IMAGE = "stoker/launcher-test-crash:latest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerEngine engine;
    private EngineInstanceLauncher launcher;
    private final List<LaunchedInstance> launched = new ArrayList<>();

    @BeforeAll
    void buildImages() {
        engine = DockerEngine.connect("unix:///var/run/docker.sock");
        String base = TestImages.firstPresent(engine, TestImages.PYTHON, TestImages.BUSYBOX);
        String serve = base.equals(TestImages.PYTHON)
                ? "CMD exec python3 -m http.server \"$PORT\""
                : "CMD exec httpd -f -p \"$PORT\" -h /www";
        engine.build(BuildContexts.dockerfileOnly("FROM " + base + "\n" + serve + "\n"), HTTP_IMAGE, Map.of(), line -> {});
        engine.build(BuildContexts.dockerfileOnly("FROM " + base + "\nCMD echo \"no config.json here\" >&2; exit 3\n"),
                CRASH_IMAGE, Map.of(), line -> {});
        launcher = new EngineInstanceLauncher(engine, NETWORK, Duration.ofSeconds(20), Clock.systemUTC());
    }

    @AfterAll
    void removeLeftovers() {
        if (launcher != null) {
            launched.forEach(launcher::stop);
        }
    }

    private static FunctionSpec spec(String name, String image, String readinessPath) {
        return TestSpecs.spec(name, image, 8080, "", readinessPath);
    }

    private LaunchedInstance launch(FunctionSpec spec, String instanceId) {
        LaunchedInstance instance = launcher.launch(spec, SpecHash.of(spec), instanceId);
        launched.add(instance);
        return instance;
    }

    @Test
    void aLaunchedInstanceServesAndIsHardened() throws Exception {
        FunctionSpec spec = spec("launchtest", HTTP_IMAGE, "/");
        long start = System.nanoTime();
        LaunchedInstance instance = launch(spec, "a1");
        long readyMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("launch (create -> ready, HTTP readiness) took " + readyMs + " ms");

        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + instance.host() + ":" + instance.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isLessThan(500);

        JsonNode inspect = JSON.readTree(DockerCli.run("inspect", instance.containerId())).get(0);
        JsonNode host = inspect.get("HostConfig");
        assertThat(host.get("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(host.get("CapDrop")).extracting(JsonNode::asText).containsExactly("ALL");
        assertThat(host.get("SecurityOpt")).extracting(JsonNode::asText).containsExactly("no-new-privileges");
        assertThat(host.get("Memory").asLong()).isEqualTo(128L * 1024 * 1024);
        assertThat(host.get("MemorySwap").asLong()).isEqualTo(128L * 1024 * 1024);
        assertThat(host.get("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(host.get("PidsLimit").asLong()).isEqualTo(256);
        assertThat(host.get("Tmpfs").get("/tmp").asText()).isEqualTo("rw,nosuid,nodev,size=64m");
        assertThat(host.get("NetworkMode").asText()).isEqualTo(NETWORK);
        assertThat(host.get("Privileged").asBoolean()).isFalse();
        assertThat(host.get("Init").asBoolean()).isFalse();
        assertThat(host.get("RestartPolicy").get("Name").asText()).isIn("", "no");
        assertThat(host.path("Binds").isEmpty()).as("no bind mounts, so never the engine socket").isTrue();
        assertThat(host.path("PortBindings").isEmpty()).as("no published ports").isTrue();
        assertThat(inspect.get("Mounts")).isEmpty();
        assertThat(inspect.get("Config").get("User").asText()).isEqualTo("65534:65534");
        assertThat(inspect.get("Config").get("Env")).extracting(JsonNode::asText).contains("PORT=8080", "GREETING=hi");
        assertThat(inspect.get("NetworkSettings").get("Networks").fieldNames()).toIterable().containsExactly(NETWORK);

        String icc = DockerCli.run("network", "inspect", "--format",
                "{{index .Options \"com.docker.network.bridge.enable_icc\"}}", NETWORK).strip();
        assertThat(icc).isEqualTo("false");

        assertThat(launcher.find("launchtest")).containsExactly(instance);

        launcher.stop(instance);
        launched.remove(instance);
        assertThat(launcher.find("launchtest")).isEmpty();
        assertThatThrownBy(() -> DockerCli.run("inspect", instance.containerId())).hasMessageContaining("No such");
    }

    @Test
    void pauseAndResumeKeepTheInstance() throws Exception {
        LaunchedInstance instance = launch(spec("pausetest", HTTP_IMAGE, ""), "p1");
        launcher.pause(instance);
        assertThat(launcher.find("pausetest")).singleElement().satisfies(i -> {
            assertThat(i.running()).isFalse();
            assertThat(i.host()).isEqualTo(instance.host());
        });
        launcher.resume(instance);
        assertThat(new TcpReadiness().probe(instance.host(), instance.port())).isTrue();
        assertThat(launcher.find("pausetest")).singleElement().extracting(LaunchedInstance::running).isEqualTo(true);
    }

    @Test
    void createToReadyTimes() {
        List<Long> tcp = new ArrayList<>();
        List<Long> http = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tcp.add(timeLaunch(spec("timingtcp", HTTP_IMAGE, ""), "t" + i));
            http.add(timeLaunch(spec("timinghttp", HTTP_IMAGE, "/"), "h" + i));
        }
        System.out.println("create -> ready ms, TCP readiness: " + tcp + "; HTTP readiness: " + http);
        System.out.println("one launch step by step: " + stepByStep(spec("timingsteps", HTTP_IMAGE, "")));
        assertThat(tcp).allSatisfy(ms -> assertThat(ms).isLessThan(20_000));
    }

    /** Where the time of one launch goes: create, start, inspect, until the first connect. */
    private String stepByStep(FunctionSpec spec) {
        engine.ensureNetwork(NETWORK);
        var container = HardenedSpec.of(spec, SpecHash.of(spec), "s1", NETWORK, ImageUser.NOBODY);
        long t0 = System.nanoTime();
        String id = engine.create(container);
        long t1 = System.nanoTime();
        try {
            engine.start(id);
            long t2 = System.nanoTime();
            String host = engine.inspectAddress(id, NETWORK);
            long t3 = System.nanoTime();
            TcpReadiness tcp = new TcpReadiness();
            while (!tcp.probe(host, spec.port())) {
                Thread.onSpinWait();
            }
            long t4 = System.nanoTime();
            return "create " + (t1 - t0) / 1_000_000 + " ms, start " + (t2 - t1) / 1_000_000 + " ms, inspect "
                    + (t3 - t2) / 1_000_000 + " ms, first connect " + (t4 - t3) / 1_000_000 + " ms";
        } finally {
            engine.remove(id);
        }
    }

    private long timeLaunch(FunctionSpec spec, String id) {
        long start = System.nanoTime();
        LaunchedInstance instance = launcher.launch(spec, SpecHash.of(spec), id);
        long ms = (System.nanoTime() - start) / 1_000_000;
        launcher.stop(instance);
        return ms;
    }

    @Test
    void anInstanceThatExitsEarlyIsReportedWithItsLogsAndRemoved() {
        FunctionSpec spec = spec("crashtest", CRASH_IMAGE, "");
        long start = System.nanoTime();
        assertThatThrownBy(() -> launcher.launch(spec, SpecHash.of(spec), "c1"))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("exited before it was ready")
                .hasMessageContaining("no config.json here");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(launcher.find("crashtest")).isEmpty();
    }
}
