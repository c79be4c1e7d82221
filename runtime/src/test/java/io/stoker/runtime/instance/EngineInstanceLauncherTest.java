package io.stoker.runtime.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.FakeEngine;
import io.stoker.runtime.spec.FunctionSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The launcher on the recording fake engine; "containers" listen on a local socket of this test. */
class EngineInstanceLauncherTest {

    private static final String IMAGE = "stoker/hello:1";
    private final FakeEngine engine = new FakeEngine().withImage(IMAGE, "");
    private ServerSocket listening;

    @BeforeEach
    void listen() throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        listening.close();
    }

    private EngineInstanceLauncher launcher(Duration timeout) {
        return new EngineInstanceLauncher(engine, "stoker-functions", timeout, Clock.systemUTC());
    }

    private FunctionSpec spec(String user) {
        return TestSpecs.spec("hello", IMAGE, listening.getLocalPort(), user, "");
    }

    @Test
    void egressNoneJoinsTheInternalTwinAndIsStillFoundAndAdopted() {
        FunctionSpec spec = spec("");
        FunctionSpec closed = new FunctionSpec(spec.name(), "", "", IMAGE, spec.port(), spec.env(), "", spec.limits(),
                spec.scale(), "", List.of(), Map.of(), spec.async(), List.of(), List.of(), FunctionSpec.Auth.PUBLIC,
                FunctionSpec.Egress.NONE);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        EngineInstanceLauncher launcher = launcher(Duration.ofSeconds(5)).onNetworkReady(told::add);
        LaunchedInstance instance = launcher.launch(closed, "h1", "i1");
        launcher.launch(closed, "h1", "i2");

        ContainerSpec created = engine.createdSpecs().get(0);
        assertThat(created.network()).isEqualTo("stoker-functions-internal");
        assertThat(created.labels()).containsEntry("stoker.network", "stoker-functions")
                .containsEntry("stoker.egress", "none");
        assertThat(engine.calls("ensureInternalNetwork")).hasSize(1);
        assertThat(engine.calls("ensureNetwork")).isEmpty();
        assertThat(told).containsExactly("stoker-functions-internal");
        assertThat(engine.calls("inspectAddress").get(0).args()).contains("stoker-functions-internal");
        // A restarted gateway finds it by the launcher's network and reads its address on the internal one.
        assertThat(launcher(Duration.ofSeconds(5)).find("hello")).extracting(LaunchedInstance::host)
                .containsOnly(instance.host());

        launcher.launch(spec, "h2", "i3");
        assertThat(engine.createdSpecs().get(2).network()).isEqualTo("stoker-functions");
        assertThat(engine.createdSpecs().get(2).labels()).doesNotContainKey("stoker.egress");
        assertThat(told).containsExactly("stoker-functions-internal", "stoker-functions");
    }

    @Test
    void egressNoneIsRefusedByAnEngineWithoutNetworks() {
        FakeEngine bare = new FakeEngine() {
            @Override
            public java.util.Set<io.stoker.runtime.engine.EngineCapability> capabilities() {
                return java.util.EnumSet.noneOf(io.stoker.runtime.engine.EngineCapability.class);
            }
        };
        FunctionSpec spec = spec("");
        EngineInstanceLauncher launcher = new EngineInstanceLauncher(bare, "n", Duration.ofSeconds(1), Clock.systemUTC());
        launcher.requireSupported(spec);
        assertThatThrownBy(() -> launcher.requireSupported(new FunctionSpec(spec.name(), "", "", IMAGE, spec.port(),
                spec.env(), "", spec.limits(), spec.scale(), "", List.of(), Map.of(), spec.async(), List.of(), List.of(),
                FunctionSpec.Auth.PUBLIC, FunctionSpec.Egress.NONE)))
                .isInstanceOf(EngineException.Unsupported.class).hasMessageContaining("egress: none");
    }

    @Test
    void theContainerIsCreatedWithEveryHardeningSetting() {
        FunctionSpec spec = spec("");
        LaunchedInstance instance = launcher(Duration.ofSeconds(5)).launch(spec, "abc123", "i1");

        ContainerSpec created = engine.createdSpecs().get(0);
        assertThat(created.name()).isEqualTo("stoker-hello-i1");
        assertThat(created.image()).isEqualTo(IMAGE);
        assertThat(created.env()).containsEntry("GREETING", "hi").containsEntry("PORT", Integer.toString(spec.port()));
        assertThat(created.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stoker.function", "hello", "stoker.instance", "i1", "stoker.spec-hash", "abc123",
                "stoker.port", Integer.toString(spec.port()), "stoker.managed", "true",
                "stoker.network", "stoker-functions"));
        assertThat(created.network()).isEqualTo("stoker-functions");
        assertThat(created.memoryBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(created.nanoCpus()).isEqualTo(500_000_000L);
        assertThat(created.pidsLimit()).isEqualTo(256);
        assertThat(created.readOnlyRootfs()).isTrue();
        assertThat(created.tmpfs()).containsOnly(Map.entry("/tmp", "rw,nosuid,nodev,size=64m"),
                Map.entry("/dev/shm", "ro,nosuid,nodev,noexec,size=4k"));
        assertThat(created.capDrop()).containsExactly("ALL");
        assertThat(created.securityOpts()).containsExactly("no-new-privileges");

        assertThat(instance).isEqualTo(new LaunchedInstance("hello", "i1", engine.containerIds().iterator().next(),
                "127.0.0.1", spec.port(), "abc123", true));
        assertThat(engine.calls()).extracting(FakeEngine.Call::method)
                .containsSubsequence("ensureNetwork", "create", "start", "inspectAddress");
    }

    @Test
    void containersAreStartedOneAtATimeByDefault() throws Exception {
        AtomicInteger starting = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        FakeEngine slow = new FakeEngine() {
            @Override
            public void start(String containerId) {
                most.accumulateAndGet(starting.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                starting.decrementAndGet();
                super.start(containerId);
            }
        }.withImage(IMAGE, "");
        EngineInstanceLauncher launcher = new EngineInstanceLauncher(slow, "stoker-functions", Duration.ofSeconds(5),
                Clock.systemUTC());
        launchTogether(launcher, 4);
        assertThat(slow.calls("start")).hasSize(4);
        assertThat(most.get()).as("starts in the engine at once").isEqualTo(1);
    }

    @Test
    void moreParallelStartsLetThatManyThrough() throws Exception {
        CountDownLatch allThree = new CountDownLatch(3);
        FakeEngine meeting = new FakeEngine() {
            @Override
            public void start(String containerId) {
                allThree.countDown();
                try {
                    // only returns early when three starts are in the engine at the same time
                    assertThat(allThree.await(5, TimeUnit.SECONDS)).as("three starts at once").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.start(containerId);
            }
        }.withImage(IMAGE, "");
        long began = System.nanoTime();
        launchTogether(new EngineInstanceLauncher(meeting, "stoker-functions", Duration.ofSeconds(5),
                Clock.systemUTC(), 3), 3);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new EngineInstanceLauncher(meeting, "n", Duration.ofSeconds(1), Clock.systemUTC(), 0))
                .hasMessageContaining("at least 1");
    }

    /** Launches {@code n} instances from {@code n} threads at once; fails if any launch fails. */
    private void launchTogether(EngineInstanceLauncher launcher, int n) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<LaunchedInstance>> launches = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "p" + i;
                launches.add(threads.submit(() -> launcher.launch(spec(""), "h", id)));
            }
            for (Future<LaunchedInstance> f : launches) {
                assertThat(f.get(10, TimeUnit.SECONDS).running()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRootImageRunsAsNobody() {
        for (String rootUser : List.of("", "root", "0", "0:0", "0:1000", "root:root")) {
            FakeEngine fresh = new FakeEngine().withImage(IMAGE, rootUser);
            new EngineInstanceLauncher(fresh, "net", Duration.ofSeconds(5), Clock.systemUTC()).launch(spec(""), "h", "i1");
            assertThat(fresh.createdSpecs().get(0).user()).as("image USER '%s'", rootUser).isEqualTo("65534:65534");
        }
    }

    @Test
    void anImageWithANonRootUserRunsAsThatUser() {
        FakeEngine appImage = new FakeEngine().withImage(IMAGE, "app");
        new EngineInstanceLauncher(appImage, "net", Duration.ofSeconds(5), Clock.systemUTC()).launch(spec(""), "h", "i1");
        assertThat(appImage.createdSpecs().get(0).user()).isEqualTo("app");
    }

    @Test
    void theSpecsUserWinsOverTheImages() {
        FakeEngine appImage = new FakeEngine().withImage(IMAGE, "app");
        new EngineInstanceLauncher(appImage, "net", Duration.ofSeconds(5), Clock.systemUTC()).launch(spec("1000:1000"), "h", "i1");
        assertThat(appImage.createdSpecs().get(0).user()).isEqualTo("1000:1000");
    }

    @Test
    void aFailedStartRemovesTheContainer() {
        engine.failStart(new EngineException("cannot start: exec format error"));

        assertThatThrownBy(() -> launcher(Duration.ofSeconds(5)).launch(spec(""), "h", "i1"))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("instance i1 of function 'hello'")
                .hasMessageContaining(IMAGE)
                .hasMessageContaining("exec format error");
        assertThat(engine.calls("remove")).hasSize(1);
        assertThat(engine.containerIds()).isEmpty();
    }

    @Test
    void anInstanceThatExitsEarlyIsReportedWithItsLastLogLines() throws IOException {
        int closedPort = listening.getLocalPort();
        listening.close();
        FakeEngine crashing = new FakeEngine() {
            @Override
            public void start(String containerId) {
                super.start(containerId);
                addLogLines(containerId, "starting", "Error: cannot open config.json");
                exit(containerId, io.stoker.runtime.engine.ExitCause.EXITED, 1);
            }
        }.withImage(IMAGE, "");
        EngineInstanceLauncher launcher = new EngineInstanceLauncher(crashing, "net", Duration.ofSeconds(20), Clock.systemUTC());
        long started = System.nanoTime();

        assertThatThrownBy(() -> launcher.launch(TestSpecs.spec("hello", IMAGE, closedPort, "", ""), "h", "i1"))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("exited before it was ready")
                .hasMessageContaining("Error: cannot open config.json");
        // Gave up when it saw the exit, long before the 20 s timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(crashing.containerIds()).isEmpty();
        assertThat(crashing.calls("logs")).singleElement()
                .satisfies(call -> assertThat(call.args()).containsExactly(call.args().get(0), false, 20));
    }

    @Test
    void anInstanceThatNeverListensTimesOutAndIsRemoved() throws IOException {
        int closedPort = listening.getLocalPort();
        listening.close();
        EngineInstanceLauncher launcher = launcher(Duration.ofMillis(300));

        assertThatThrownBy(() -> launcher.launch(TestSpecs.spec("hello", IMAGE, closedPort, "", ""), "h", "i1"))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("was not ready within 300 ms")
                .hasMessageContaining("a TCP connect on port " + closedPort);
        assertThat(engine.containerIds()).isEmpty();
    }

    @Test
    void whileWaitingForReadinessTheLauncherAsksAboutItsOwnContainerOnly() throws Exception {
        int port = listening.getLocalPort();
        listening.close();
        // the "container" listens 350 ms after the launch begins: several alive checks happen before
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(350);
                listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        opener.start();
        LaunchedInstance instance = launcher(Duration.ofSeconds(10)).launch(TestSpecs.spec("hello", IMAGE, port, "", ""),
                "h", "i1");
        opener.join();

        assertThat(instance.running()).isTrue();
        assertThat(engine.calls("exitOf")).isNotEmpty()
                .allSatisfy(call -> assertThat(call.args()).containsExactly(instance.containerId()));
        assertThat(engine.calls("list")).as("no label-filtered list of every container per alive check").isEmpty();
    }

    @Test
    void aMissingImageIsNamedAndNothingIsCreated() {
        assertThatThrownBy(() -> launcher(Duration.ofSeconds(5))
                        .launch(TestSpecs.spec("hello", "stoker/nope:1", listening.getLocalPort(), "", ""), "h", "i1"))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("image 'stoker/nope:1' is not on the engine");
        assertThat(engine.calls("create")).isEmpty();
    }

    @Test
    void theNetworkIsEnsuredOnce() {
        EngineInstanceLauncher launcher = launcher(Duration.ofSeconds(5));
        launcher.launch(spec(""), "h", "i1");
        launcher.launch(spec(""), "h", "i2");
        assertThat(engine.calls("ensureNetwork")).hasSize(1);
        assertThat(engine.networks()).contains("stoker-functions");
    }

    @Test
    void findMapsLabelledContainersBackToInstances() {
        EngineInstanceLauncher launcher = launcher(Duration.ofSeconds(5));
        LaunchedInstance one = launcher.launch(spec(""), "h1", "i1");
        LaunchedInstance two = launcher.launch(spec(""), "h2", "i2");
        launcher.pause(two);
        launcher.launch(TestSpecs.spec("other", IMAGE, listening.getLocalPort(), "", ""), "h3", "i1");

        assertThat(launcher.find("hello")).containsExactlyInAnyOrder(
                one,
                new LaunchedInstance("hello", "i2", two.containerId(), "127.0.0.1", two.port(), "h2", false));
        assertThat(launcher.findAll()).extracting(LaunchedInstance::function).containsExactlyInAnyOrder("hello", "hello", "other");

        // Instances on another network belong to another launcher.
        new EngineInstanceLauncher(engine, "elsewhere", Duration.ofSeconds(5), Clock.systemUTC()).launch(spec(""), "h", "x1");
        assertThat(launcher.findAll()).hasSize(3);

        launcher.resume(two);
        assertThat(engine.state(two.containerId())).contains("running");
        launcher.stop(one);
        launcher.stop(one);
        assertThat(launcher.find("hello")).extracting(LaunchedInstance::instanceId).containsExactly("i2");
    }
}
