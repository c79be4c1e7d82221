package io.stoker.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What any {@link ContainerEngine} must do, stated once (after Micrometer's
 * MeterRegistryCompatibilityKit). It runs against the Docker driver and against {@link FakeEngine},
 * so the fake the other tests use cannot drift from the real engine.
 *
 * <p>Subclasses give the engine and a local base image that has {@code sh} and {@code sleep}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContainerEngineCompatibilityKit {

    protected static final String NETWORK = "stoker-kit";
    protected static final String KIT_IMAGE = "stoker/engine-kit:latest";

    protected ContainerEngine engine;
    protected String kitImageId;
    protected final List<String> buildProgress = new CopyOnWriteArrayList<>();
    /** A label only this run's containers carry, so lists see nothing else. */
    protected final String runLabel = "stoker.kit-run";
    protected final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> created = new ArrayList<>();

    /** The engine under test; called once. */
    protected abstract ContainerEngine createEngine();

    /** A local image that has {@code sh} and {@code sleep}. */
    protected abstract String baseImage(ContainerEngine engine);

    /** Removes a network the kit made (the engine interface has no such call). */
    protected void removeNetwork(String name) {}

    @BeforeAll
    void setUpKit() {
        engine = createEngine();
        engine.ensureNetwork(NETWORK);
        kitImageId = engine.build(BuildContexts.dockerfileOnly(kitDockerfile(baseImage(engine))), KIT_IMAGE,
                Map.of("KIT_USER", "4321:4321"), buildProgress::add);
    }

    /** A container that stays up: prints one line, then sleeps. */
    protected static String kitDockerfile(String base) {
        return """
                FROM %s
                ARG KIT_USER=65534:65534
                LABEL io.stoker.kit=true
                ENV STOKER_KIT=1
                USER ${KIT_USER}
                CMD ["sh", "-c", "echo kit-started; exec sleep 3600"]
                """.formatted(base);
    }

    @AfterEach
    void removeCreated() {
        created.forEach(engine::remove);
        created.clear();
    }

    protected ContainerSpec kitSpec(String network) {
        return new ContainerSpec(
                "stoker-kit-" + runId + "-" + UUID.randomUUID().toString().substring(0, 6),
                KIT_IMAGE,
                Map.of("KIT_ENV", "yes"),
                Map.of(runLabel, runId, "stoker.managed", "true"),
                network,
                "65534:65534",
                64L * 1024 * 1024,
                500_000_000L,
                64,
                true,
                Map.of("/tmp", "rw,nosuid,nodev,size=16m"),
                List.of("ALL"),
                List.of("no-new-privileges"));
    }

    protected String createTracked(ContainerSpec spec) {
        String id = engine.create(spec);
        created.add(id);
        return id;
    }

    protected String startKitContainer() {
        String id = createTracked(kitSpec(NETWORK));
        engine.start(id);
        return id;
    }

    private ContainerSummary only(String id) {
        List<ContainerSummary> found = engine.list(Map.of(runLabel, runId));
        assertThat(found).extracting(ContainerSummary::id).containsExactly(id);
        return found.get(0);
    }

    @Test
    void createAndStartGiveAnAddressOnTheNetwork() {
        String id = startKitContainer();
        assertThat(id).isNotBlank();
        assertThat(engine.inspectAddress(id, NETWORK)).matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    @Test
    void listByLabelsFindsTheContainerWithItsStateNameAndLabels() {
        ContainerSpec spec = kitSpec(NETWORK);
        String id = createTracked(spec);
        assertThat(only(id).state()).isEqualTo("created");

        engine.start(id);
        ContainerSummary running = only(id);
        assertThat(running.running()).isTrue();
        assertThat(running.name()).isEqualTo(spec.name());
        assertThat(running.image()).isEqualTo(KIT_IMAGE);
        assertThat(running.labels()).containsEntry(runLabel, runId).containsEntry("stoker.managed", "true");
        assertThat(engine.list(Map.of(runLabel, "someone-else"))).isEmpty();
    }

    @Test
    void pauseFreezesAndUnpauseThaws() {
        String id = startKitContainer();
        engine.pause(id);
        assertThat(only(id).paused()).isTrue();
        engine.unpause(id);
        assertThat(only(id).running()).isTrue();
    }

    @Test
    void removeTakesTheContainerAwayAndMayBeRepeated() {
        String id = startKitContainer();
        engine.remove(id);
        assertThat(engine.list(Map.of(runLabel, runId))).isEmpty();
        engine.remove(id);
        engine.remove("0123456789ab-no-such-container");
    }

    @Test
    void removeTakesAPausedContainerToo() {
        String id = startKitContainer();
        engine.pause(id);
        engine.remove(id);
        assertThat(engine.list(Map.of(runLabel, runId))).isEmpty();
    }

    @Test
    void unknownContainerIsNotFound() {
        String unknown = "no-such-container-" + runId;
        assertThatThrownBy(() -> engine.start(unknown)).isInstanceOf(EngineException.NotFound.class);
        assertThatThrownBy(() -> engine.inspectAddress(unknown, NETWORK)).isInstanceOf(EngineException.NotFound.class);
        assertThatThrownBy(() -> engine.pause(unknown)).isInstanceOf(EngineException.NotFound.class);
        assertThatThrownBy(() -> engine.unpause(unknown)).isInstanceOf(EngineException.NotFound.class);
        assertThatThrownBy(() -> engine.logs(unknown, false, 10, line -> {})).isInstanceOf(EngineException.NotFound.class);
    }

    @Test
    void pausingAContainerThatDoesNotRunFails() {
        String id = createTracked(kitSpec(NETWORK));
        assertThatThrownBy(() -> engine.pause(id)).isInstanceOf(EngineException.class);
    }

    @Test
    void createOnAMissingNetworkOrImageFails() {
        // Docker accepts the create and refuses the start; either way the container never runs.
        assertThatThrownBy(() -> engine.start(createTracked(kitSpec("stoker-kit-no-such-network-" + runId))))
                .isInstanceOf(EngineException.class);
        ContainerSpec s = kitSpec(NETWORK);
        ContainerSpec noImage = new ContainerSpec(s.name(), "stoker/no-such-image:" + runId, s.env(), s.labels(),
                s.network(), s.user(), s.memoryBytes(), s.nanoCpus(), s.pidsLimit(), s.readOnlyRootfs(), s.tmpfs(),
                s.capDrop(), s.securityOpts());
        assertThatThrownBy(() -> createTracked(noImage)).isInstanceOf(EngineException.NotFound.class);
    }

    @Test
    void ensureNetworkIsIdempotentEvenUnderARace() throws Exception {
        String name = "stoker-kit-race-" + runId;
        try {
            int threads = 4;
            CyclicBarrier barrier = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        barrier.await();
                        engine.ensureNetwork(name);
                        return null;
                    }));
                }
                for (Future<?> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            engine.ensureNetwork(name);
            // Exactly one network by that name: a container can join it by name, and gets an address.
            String id = createTracked(kitSpec(name));
            engine.start(id);
            assertThat(engine.inspectAddress(id, name)).isNotBlank();
            engine.remove(id);
        } finally {
            removeNetwork(name);
        }
    }

    @Test
    void inspectImageOfAMissingImageIsEmpty() {
        assertThat(engine.inspectImage("stoker/no-such-image:" + runId)).isEmpty();
    }

    @Test
    void buildReturnsAnImageIdThatInspectFindsWithItsUserAndProgress() {
        assertThat(kitImageId).isNotBlank();
        ImageInfo byTag = engine.inspectImage(KIT_IMAGE).orElseThrow();
        assertThat(byTag.id()).isEqualTo(kitImageId);
        assertThat(byTag.tags()).contains(KIT_IMAGE);
        // The build argument reached the Dockerfile, and the image carries the USER it set.
        assertThat(byTag.user()).isEqualTo("4321:4321");
        assertThat(engine.inspectImage(kitImageId)).map(ImageInfo::id).contains(kitImageId);
        assertThat(buildProgress).isNotEmpty().noneMatch(line -> line.contains("\n"));
    }

    /** Collects what a watch hears. */
    protected static final class Exits implements ExitListener {
        final List<ContainerExit> exits = new CopyOnWriteArrayList<>();
        final List<String> ends = new CopyOnWriteArrayList<>();

        @Override
        public void exited(ContainerExit exit) {
            exits.add(exit);
        }

        @Override
        public void ended(Throwable error) {
            ends.add(String.valueOf(error));
        }
    }

    @Test
    void watchExitsReportsAContainerRemovedFromOutsideAsKilled() throws Exception {
        Exits heard = new Exits();
        String id;
        try (Closeable watch = engine.watchExits(runLabel + "=" + runId, null, heard)) {
            id = startKitContainer();
            engine.remove(id);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(heard.exits).anySatisfy(exit -> {
                        assertThat(exit.containerId()).isEqualTo(id);
                        assertThat(exit.cause()).isEqualTo(ExitCause.KILLED);
                        assertThat(exit.at()).isNotNull();
                    }));
        }
        assertThat(heard.exits).allSatisfy(exit -> assertThat(exit.containerId()).isEqualTo(id));
        assertThat(heard.ends).as("closing a watch is not its stream ending").isEmpty();
    }

    @Test
    void watchExitsIgnoresContainersWithoutTheLabel() throws Exception {
        Exits heard = new Exits();
        try (Closeable watch = engine.watchExits(runLabel + "=someone-else", null, heard)) {
            String id = startKitContainer();
            engine.remove(id);
            // Nothing to wait for: give a real engine's event a moment to arrive if it wrongly would.
            Thread.sleep(300);
        }
        assertThat(heard.exits).isEmpty();
    }

    @Test
    void aWatchStartedLaterReplaysExitsSinceTheTimeItIsGiven() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        String id = startKitContainer();
        engine.remove(id);
        Thread.sleep(200); // the exit is in the past when the watch starts
        Exits heard = new Exits();
        try (Closeable watch = engine.watchExits(runLabel + "=" + runId, before, heard)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(heard.exits).extracting(ContainerExit::containerId).contains(id));
        }
    }

    @Test
    void exitOfIsEmptyWhileTheContainerRunsAndVanishedOnceItIsGone() {
        String id = startKitContainer();
        assertThat(engine.exitOf(id)).isEmpty();
        engine.pause(id);
        assertThat(engine.exitOf(id)).as("paused is not ended").isEmpty();
        engine.unpause(id);
        engine.remove(id);
        assertThat(engine.exitOf(id)).map(ContainerExit::cause).contains(ExitCause.VANISHED);
    }

    @Test
    void logsWithoutFollowReturnOnceDone() throws Exception {
        String id = startKitContainer();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Closeable c = engine.logs(id, false, 20, lines::add)) {
            assertThat(lines).noneMatch(line -> line.contains("\n"));
        }
    }
}
