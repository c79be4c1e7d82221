package io.stoker.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * <p>Subclasses give the engine and a local base image that has {@code sh} and {@code sleep}. What an engine lacks
 * ({@link ContainerEngine#capabilities}: Kubernetes has no pause, builds nothing, holds no image) is checked the other
 * way: its calls say so with {@link EngineException.Unsupported}, and the tests of that capability do not apply.
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

    /**
     * A registry the engine reaches, for this run: with {@code user} null it asks for no credentials, else for
     * basic auth as {@code user}.
     */
    public record KitRegistry(String host, String user, String password) {
        RegistryAuth auth() {
            return new RegistryAuth(host, user, password);
        }

        RegistryAuth wrongAuth() {
            return new RegistryAuth(host, user, password + "-wrong");
        }
    }

    /** A registry without auth; called once. */
    protected abstract KitRegistry openRegistry();

    /** A registry with basic auth; called once. */
    protected abstract KitRegistry lockedRegistry();

    /** Removes a local image and its other names (the engine interface has no such call: Stoker never removes images). */
    protected abstract void removeImage(String ref);

    /** A file as a container's own user sees it: mode in octal, owner uid, content, and whether a chmod worked. */
    public record SeenFile(String mode, String uid, String content, boolean changeable) {}

    /**
     * Looks at {@code path} from inside a running container (the engine interface has no such call); only asked of
     * engines that have {@link EngineCapability#SECRET_MOUNTS}.
     */
    protected SeenFile fileInside(String containerId, String path) {
        throw new UnsupportedOperationException("this kit cannot look inside a container");
    }

    /**
     * How the kit's secret file (given to uid 65534, mode 0400) must look from inside, read-only: as it is, where the
     * engine mounts the host's files; an engine that copies them (a kubelet's secret volume) may own them otherwise.
     */
    protected SeenFile expectedSecretFile(String content) {
        return new SeenFile("400", "65534", content, false);
    }

    @BeforeAll
    void setUpKit() {
        engine = createEngine();
        engine.ensureNetwork(NETWORK);
        kitImageId = buildKitImage(BuildContexts.dockerfileOnly(kitDockerfile(baseImage(engine))));
    }

    /**
     * Builds the kit image {@link #KIT_IMAGE} from {@code context}, with the build argument {@code KIT_USER=4321:4321}
     * and its progress into {@link #buildProgress}. An engine that cannot build has it built where its containers
     * will run.
     */
    protected String buildKitImage(java.io.InputStream context) {
        return engine.build(context, KIT_IMAGE, Map.of("KIT_USER", "4321:4321"), buildProgress::add);
    }

    protected boolean can(EngineCapability capability) {
        return engine.capabilities().contains(capability);
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
        if (!can(EngineCapability.PAUSE)) {
            assertUnsupported(() -> engine.pause(id), EngineCapability.PAUSE);
            assertUnsupported(() -> engine.unpause(id), EngineCapability.PAUSE);
            assertThat(only(id).running()).as("a refused pause leaves it running").isTrue();
            return;
        }
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
        assumeTrue(can(EngineCapability.PAUSE), "the engine has no pause");
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
        if (can(EngineCapability.PAUSE)) {
            assertThatThrownBy(() -> engine.pause(unknown)).isInstanceOf(EngineException.NotFound.class);
            assertThatThrownBy(() -> engine.unpause(unknown)).isInstanceOf(EngineException.NotFound.class);
        }
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
        if (can(EngineCapability.NETWORKS)) {
            assertThatThrownBy(() -> engine.start(createTracked(kitSpec("stoker-kit-no-such-network-" + runId))))
                    .isInstanceOf(EngineException.class);
        }
        ContainerSpec s = kitSpec(NETWORK);
        ContainerSpec noImage = new ContainerSpec(s.name(), "stoker/no-such-image:" + runId, s.env(), s.labels(),
                s.network(), s.user(), s.memoryBytes(), s.nanoCpus(), s.pidsLimit(), s.readOnlyRootfs(), s.tmpfs(),
                s.capDrop(), s.securityOpts());
        // Docker refuses the create; on a cluster the node finds out when it pulls, and the start says so.
        assertThatThrownBy(() -> engine.start(createTracked(noImage))).isInstanceOf(EngineException.NotFound.class)
                .hasMessageContaining("stoker/no-such-image:" + runId);
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

    /** An image of this run's own (a label makes its id unique), so removing it leaves the other tests' images. */
    private String buildRunImage(String tag) {
        String dockerfile = kitDockerfile(baseImage(engine)) + "LABEL io.stoker.kit-run=" + runId + "-" + tag + "\n";
        return engine.build(BuildContexts.dockerfileOnly(dockerfile), "stoker/engine-kit-" + tag + ":" + runId,
                Map.of("KIT_USER", "4321:4321"), line -> {});
    }

    @Test
    void aPushedImageIsPulledBackByDigestOnceTheLocalOneIsGone() {
        assumeTrue(can(EngineCapability.IMAGES), "the engine holds no images");
        KitRegistry registry = openRegistry();
        String id = buildRunImage("push");
        String repository = registry.host() + "/kit/push-" + runId;
        List<String> pushed = new CopyOnWriteArrayList<>();
        String digest = engine.pushImage("stoker/engine-kit-push:" + runId, repository + ":v1", null, pushed::add);
        assertThat(digest).matches("sha256:[a-f0-9]{64}");
        assertThat(pushed).isNotEmpty().noneMatch(line -> line.contains("\n"));
        assertThat(engine.inspectImage(repository + ":v1").orElseThrow().digestIn(repository)).isEqualTo(digest);
        assertThat(engine.inspectImage(repository + "@" + digest)).map(ImageInfo::id).contains(id);

        removeImage(id);
        assertThat(engine.inspectImage(repository + "@" + digest)).isEmpty();
        List<String> pulled = new CopyOnWriteArrayList<>();
        ImageInfo back = engine.pullImage(repository + "@" + digest, null, pulled::add);
        assertThat(back.id()).as("the very bytes that were pushed").isEqualTo(id);
        assertThat(back.user()).isEqualTo("4321:4321");
        assertThat(back.digestIn(repository)).isEqualTo(digest);
        assertThat(pulled).isNotEmpty().noneMatch(line -> line.contains("\n"));
        assertThat(engine.inspectImage(repository + "@" + digest)).map(ImageInfo::id).contains(id);
        // by tag, too: the tag still names that digest in the registry
        assertThat(engine.pullImage(repository + ":v1", null, line -> {}).id()).isEqualTo(id);
        removeImage(id);
    }

    @Test
    void anUnknownTagOrDigestIsNotFoundAndNamesTheReference() {
        assumeTrue(can(EngineCapability.IMAGES), "the engine holds no images");
        KitRegistry registry = openRegistry();
        String noTag = registry.host() + "/kit/nothing-" + runId + ":nope";
        assertThatThrownBy(() -> engine.pullImage(noTag, null, line -> {}))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND);
                    assertThat(e.reference()).isEqualTo(noTag);
                })
                .hasMessageContaining(noTag);
        String noDigest = registry.host() + "/kit/nothing-" + runId + "@sha256:" + "0".repeat(64);
        assertThatThrownBy(() -> engine.pullImage(noDigest, null, line -> {}))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(RegistryException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> engine.pushImage("stoker/no-such-image:" + runId, registry.host() + "/kit/x:1", null,
                line -> {}))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(RegistryException.Reason.NOT_FOUND));
    }

    @Test
    void aRegistryWithAuthRefusesMissingOrWrongCredentialsAndTakesTheRightOnes() {
        assumeTrue(can(EngineCapability.IMAGES), "the engine holds no images");
        KitRegistry registry = lockedRegistry();
        String id = buildRunImage("auth");
        String repository = registry.host() + "/kit/auth-" + runId;
        String image = "stoker/engine-kit-auth:" + runId;
        assertDenied(() -> engine.pushImage(image, repository + ":v1", null, line -> {}));
        assertDenied(() -> engine.pushImage(image, repository + ":v1", registry.wrongAuth(), line -> {}));
        assertDenied(() -> engine.checkLogin(registry.wrongAuth()));
        engine.checkLogin(registry.auth());

        String digest = engine.pushImage(image, repository + ":v1", registry.auth(), line -> {});
        removeImage(id);
        assertDenied(() -> engine.pullImage(repository + "@" + digest, null, line -> {}));
        assertDenied(() -> engine.pullImage(repository + "@" + digest, registry.wrongAuth(), line -> {}));
        assertThat(engine.inspectImage(repository + "@" + digest)).as("a refused pull leaves nothing").isEmpty();
        assertThat(engine.pullImage(repository + "@" + digest, registry.auth(), line -> {}).id()).isEqualTo(id);
        removeImage(id);
    }

    @Test
    void aRegistryThatDoesNotAnswerIsUnreachable() {
        assumeTrue(can(EngineCapability.IMAGES), "the engine holds no images");
        String ref = "127.0.0.1:1/kit/none:1";
        assertThatThrownBy(() -> engine.pullImage(ref, null, line -> {}))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(RegistryException.Reason.UNREACHABLE));
        assertThatThrownBy(() -> engine.checkLogin(new RegistryAuth("127.0.0.1:1", "u", "p")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(RegistryException.Reason.UNREACHABLE));
    }

    private static void assertDenied(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(RegistryException.Reason.DENIED));
    }

    @Test
    void whatTheEngineCannotDoItSaysSo() {
        RegistryAuth auth = new RegistryAuth("127.0.0.1:1", "u", "p");
        if (!can(EngineCapability.BUILD)) {
            assertUnsupported(() -> engine.build(BuildContexts.dockerfileOnly("FROM " + KIT_IMAGE + "\n"),
                    "stoker/engine-kit-nobuild:" + runId, Map.of(), line -> {}), EngineCapability.BUILD);
        }
        if (!can(EngineCapability.IMAGES)) {
            assertThat(engine.inspectImage(KIT_IMAGE)).as("it holds no image, the kit's neither").isEmpty();
            assertUnsupported(() -> engine.pullImage("127.0.0.1:1/kit/x:1", null, line -> {}), EngineCapability.IMAGES);
            assertUnsupported(() -> engine.pushImage(KIT_IMAGE, "127.0.0.1:1/kit/x:1", null, line -> {}),
                    EngineCapability.IMAGES);
            assertUnsupported(() -> engine.checkLogin(auth), EngineCapability.IMAGES);
        }
        for (EngineCapability c : EngineCapability.values()) {
            assertThat(engine.can(c)).isEqualTo(engine.capabilities().contains(c));
        }
    }

    private static void assertUnsupported(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
            EngineCapability capability) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EngineException.Unsupported.class, e -> {
            assertThat(e.capability()).isEqualTo(capability);
            assertThat(e.getMessage()).as("says what to do instead").isNotBlank();
        });
    }

    @Test
    void inspectImageOfAMissingImageIsEmpty() {
        assertThat(engine.inspectImage("stoker/no-such-image:" + runId)).isEmpty();
    }

    @Test
    void buildReturnsAnImageIdThatInspectFindsWithItsUserAndProgress() {
        assumeTrue(can(EngineCapability.BUILD) && can(EngineCapability.IMAGES), "the engine builds or holds no images");
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
        if (can(EngineCapability.PAUSE)) {
            engine.pause(id);
            assertThat(engine.exitOf(id)).as("paused is not ended").isEmpty();
            engine.unpause(id);
        }
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

    @Test
    void aSecretMountShowsItsFilesReadOnlyOwnedByTheUserAndInNoSpecField() throws Exception {
        assumeTrue(can(EngineCapability.SECRET_MOUNTS), "the engine mounts no secrets");
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "giving the files to the container's user needs root");
        java.nio.file.Path dir = secretDir();
        String value = "kit-secret-" + runId;
        java.nio.file.Path file = dir.resolve("password");
        java.nio.file.Files.writeString(file, value);
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        java.nio.file.Files.setAttribute(file, "unix:uid", 65534);
        java.nio.file.Files.setAttribute(dir, "unix:uid", 65534);
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        ContainerSpec spec = withSecrets(kitSpec(NETWORK), List.of(new SecretMount("kit-secret", dir.toString())));
        String id = createTracked(spec);
        engine.start(id);

        SeenFile seen = fileInside(id, "/var/stoker/secrets/kit-secret/password");
        SeenFile expected = expectedSecretFile(value);
        assertThat(seen.content()).isEqualTo(expected.content());
        assertThat(seen.mode()).isEqualTo(expected.mode());
        assertThat(seen.uid()).isEqualTo(expected.uid());
        assertThat(seen.changeable()).as("a read-only mount refuses even its owner's chmod").isFalse();
        ContainerSummary summary = only(id);
        assertThat(summary.labels().toString()).doesNotContain(value);
        assertThat(spec.env().toString()).doesNotContain(value);
    }

    @Test
    void aSecretMountWhoseHostDirectoryIsMissingFailsTheCreate() throws Exception {
        java.nio.file.Path dir = secretDir();
        java.nio.file.Files.delete(dir);
        ContainerSpec spec = withSecrets(kitSpec(NETWORK), List.of(new SecretMount("kit-secret", dir.toString())));
        // Without the capability any create with secret mounts is refused (the Unsupported of the kit's contract).
        assertThatThrownBy(() -> createTracked(spec)).isInstanceOf(can(EngineCapability.SECRET_MOUNTS)
                ? EngineException.class : EngineException.Unsupported.class);
        assertThat(java.nio.file.Files.exists(dir)).as("the engine made no empty directory in its place").isFalse();
    }

    private java.nio.file.Path secretDir() throws java.io.IOException {
        java.nio.file.Path shm = java.nio.file.Path.of("/dev/shm");
        java.nio.file.Path dir = java.nio.file.Files.isDirectory(shm)
                ? java.nio.file.Files.createTempDirectory(shm, "stoker-kit-")
                : java.nio.file.Files.createTempDirectory("stoker-kit-");
        dir.toFile().deleteOnExit();
        return dir;
    }

    private static ContainerSpec withSecrets(ContainerSpec s, List<SecretMount> mounts) {
        return new ContainerSpec(s.name(), s.image(), s.env(), s.labels(), s.network(), s.user(), s.memoryBytes(),
                s.nanoCpus(), s.pidsLimit(), s.readOnlyRootfs(), s.tmpfs(), s.capDrop(), s.securityOpts(), mounts);
    }
}
