package io.stoker.runtime.engine;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An in-memory {@link ContainerEngine} that records every call. It passes the same
 * {@link ContainerEngineCompatibilityKit} as the Docker driver, so it behaves like the real engine
 * where a caller can tell.
 *
 * <p>To change one behaviour, use a knob ({@link #failStart}, {@link #address}) or subclass and
 * override that one method. {@link #exit} fires a container exit as the engine would.
 * Addresses default to 127.0.0.1 so callers that connect reach only this machine.
 */
public class FakeEngine implements ContainerEngine {

    /** One recorded call: method name and arguments (the build context as its Dockerfile text). */
    public record Call(String method, List<Object> args) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, ImageInfo> images = new LinkedHashMap<>();
    private final Set<String> networks = ConcurrentHashMap.newKeySet();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final List<Past> history = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, FakeRegistry> registries = new ConcurrentHashMap<>();
    private volatile String address = "127.0.0.1";
    private volatile RuntimeException startFailure;

    public FakeEngine() {
        networks.add("bridge");
    }

    // ---- knobs ----

    /** Adds a local image with the given USER ("" for root). */
    public synchronized FakeEngine withImage(String ref, String user) {
        String id = "sha256:" + sha256(ref + counter.incrementAndGet());
        ImageInfo info = new ImageInfo(id, user, List.of(normalize(ref)));
        images.put(normalize(ref), info);
        images.put(id, info);
        return this;
    }

    /** Makes {@code registry} reachable from this engine at its host; any other host does not answer. */
    public FakeEngine withRegistry(FakeRegistry registry) {
        registries.put(registry.host(), registry);
        return this;
    }

    /** Removes a local image and every other name of it, as {@code docker rmi -f} of its id would. */
    public synchronized void removeImage(String ref) {
        ImageInfo info = images.get(normalize(ref));
        if (info != null) {
            images.values().removeIf(i -> i.id().equals(info.id()));
        }
    }

    /** Every later {@code start} throws {@code failure} (null: starts work again). */
    public FakeEngine failStart(RuntimeException failure) {
        this.startFailure = failure;
        return this;
    }

    /** The address {@code inspectAddress} reports for running containers. */
    public FakeEngine address(String ip) {
        this.address = ip;
        return this;
    }

    /** The container stops as the engine would report it: state exited, watchers told. */
    public void exit(String containerId, ExitCause cause, int exitCode) {
        Container c;
        synchronized (this) {
            c = container(containerId);
            c.state = "exited";
            c.exit = new ContainerExit(containerId, cause, exitCode, Instant.now());
        }
        fireExit(c.exit, c.spec.labels());
    }

    /** Every open watch's stream ends, as when the engine restarts; their listeners hear {@code error}. */
    public void endWatches(Throwable error) {
        for (Watcher w : watchers) {
            watchers.remove(w);
            w.listener.ended(error);
        }
    }

    /** Watches open now. */
    public int openWatches() {
        return watchers.size();
    }

    /** Lines the container "printed"; followers of its logs get them too. */
    public void addLogLines(String containerId, String... lines) {
        List<Consumer<String>> followers;
        synchronized (this) {
            Container c = container(containerId);
            c.logs.addAll(List.of(lines));
            followers = List.copyOf(c.followers);
        }
        for (String line : lines) {
            followers.forEach(f -> f.accept(line));
        }
    }

    /**
     * The host file behind {@code path} inside the container, through its secret mounts (the only files the fake
     * gives a container); empty for any other path.
     */
    public synchronized Optional<java.nio.file.Path> hostFileOf(String containerId, String path) {
        for (SecretMount m : container(containerId).spec.secretMounts()) {
            if (path.startsWith(m.target() + "/")) {
                return Optional.of(java.nio.file.Path.of(m.hostDir(), path.substring(m.target().length() + 1)));
            }
        }
        return Optional.empty();
    }

    // ---- what happened ----

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Specs passed to {@code create}, in order. */
    public List<ContainerSpec> createdSpecs() {
        return calls("create").stream().map(c -> (ContainerSpec) c.args().get(0)).toList();
    }

    /** Ids of containers that still exist. */
    public synchronized Set<String> containerIds() {
        return Set.copyOf(containers.keySet());
    }

    public synchronized Optional<String> state(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(c -> c.state);
    }

    public Set<String> networks() {
        return Set.copyOf(networks);
    }

    // ---- ContainerEngine ----

    @Override
    public synchronized String create(ContainerSpec spec) {
        record("create", spec);
        if (!images.containsKey(normalize(spec.image()))) {
            throw new EngineException.NotFound("create container " + spec.name() + ": No such image: " + spec.image());
        }
        for (SecretMount m : spec.secretMounts()) {
            if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of(m.hostDir()))) {
                throw new EngineException("create container " + spec.name() + ": invalid mount config for type"
                        + " \"bind\": bind source path does not exist: " + m.hostDir());
            }
        }
        if (containers.values().stream().anyMatch(c -> c.spec.name().equals(spec.name()))) {
            throw new EngineException("create container " + spec.name() + ": the name is already in use");
        }
        String id = sha256("container" + counter.incrementAndGet());
        containers.put(id, new Container(id, spec));
        return id;
    }

    @Override
    public void start(String containerId) {
        record("start", containerId);
        synchronized (this) {
            Container c = container(containerId);
            RuntimeException failure = startFailure;
            if (failure != null) {
                throw failure;
            }
            if (!networks.contains(c.spec.network())) {
                // Like Docker: the create is accepted, the start is refused.
                throw new EngineException.NotFound("start container " + containerId + ": network " + c.spec.network() + " not found");
            }
            c.state = "running";
        }
    }

    @Override
    public synchronized String inspectAddress(String containerId, String network) {
        record("inspectAddress", containerId, network);
        Container c = container(containerId);
        if (!c.spec.network().equals(network)) {
            throw new EngineException("container " + containerId + " is not on network '" + network + "'");
        }
        if (!c.state.equals("running") && !c.state.equals("paused")) {
            throw new EngineException("container " + containerId + " has no address on network '" + network + "': is it running?");
        }
        return address;
    }

    @Override
    public synchronized void pause(String containerId) {
        record("pause", containerId);
        Container c = container(containerId);
        if (!c.state.equals("running")) {
            throw new EngineException("pause container " + containerId + ": container is not running");
        }
        c.state = "paused";
    }

    @Override
    public synchronized void unpause(String containerId) {
        record("unpause", containerId);
        Container c = container(containerId);
        if (!c.state.equals("paused")) {
            throw new EngineException("unpause container " + containerId + ": container is not paused");
        }
        c.state = "running";
    }

    @Override
    public void remove(String containerId) {
        record("remove", containerId);
        Container gone;
        synchronized (this) {
            gone = containers.remove(containerId);
        }
        if (gone != null && (gone.state.equals("running") || gone.state.equals("paused"))) {
            // The engine kills it first: SIGKILL, so 128 + 9.
            gone.exit = new ContainerExit(containerId, ExitCause.KILLED, 137, Instant.now());
            fireExit(gone.exit, gone.spec.labels());
        }
    }

    @Override
    public synchronized List<ContainerSummary> list(Map<String, String> labels) {
        record("list", labels);
        List<ContainerSummary> result = new ArrayList<>();
        for (Container c : containers.values()) {
            if (c.spec.labels().entrySet().containsAll(labels.entrySet())) {
                result.add(new ContainerSummary(c.id, c.spec.name(), c.spec.image(), c.spec.labels(), c.state));
            }
        }
        return result;
    }

    @Override
    public String build(InputStream contextTar, String tag, Map<String, String> buildArgs, Consumer<String> progress) {
        String dockerfile = dockerfile(contextTar);
        record("build", dockerfile, tag, Map.copyOf(buildArgs));
        FakeDockerfile parsed = FakeDockerfile.parse(dockerfile, buildArgs);
        ImageInfo base;
        synchronized (this) {
            base = images.get(normalize(parsed.from()));
        }
        if (base == null) {
            throw new EngineException("building image " + tag + " failed: pull access denied for " + parsed.from()
                    + ", repository does not exist or may require 'docker login'");
        }
        for (int i = 0; i < parsed.steps().size(); i++) {
            progress.accept("Step " + (i + 1) + "/" + parsed.steps().size() + " : " + parsed.steps().get(i));
        }
        String user = parsed.user() != null ? parsed.user() : base.user();
        String id = "sha256:" + sha256(dockerfile + tag + counter.incrementAndGet());
        synchronized (this) {
            ImageInfo info = new ImageInfo(id, user, List.of(normalize(tag)));
            images.put(normalize(tag), info);
            images.put(id, info);
        }
        progress.accept("Successfully built " + id.substring(7, 19));
        progress.accept("Successfully tagged " + normalize(tag));
        return id;
    }

    @Override
    public synchronized Optional<ImageInfo> inspectImage(String imageRef) {
        record("inspectImage", imageRef);
        return Optional.ofNullable(images.get(normalize(imageRef)));
    }

    @Override
    public ImageInfo pullImage(String imageRef, RegistryAuth auth, Consumer<String> progress) {
        record("pullImage", imageRef, auth == null ? "" : auth.host());
        ImageRef ref = ImageRef.parse(imageRef);
        String action = "pull image " + imageRef;
        FakeRegistry registry = reachable(ref, action, imageRef);
        registry.checkAuth(auth, imageRef, action);
        FakeRegistry.Manifest manifest = registry.get(ref).orElseThrow(() -> new RegistryException(
                RegistryException.Reason.NOT_FOUND, imageRef, action + ": manifest for " + imageRef
                + " not found: manifest unknown", null));
        progress.accept("Pulling from " + ref.path());
        progress.accept(manifest.digest().substring(7, 19) + ": Pull complete");
        progress.accept("Digest: " + manifest.digest());
        synchronized (this) {
            String id = manifest.imageId();
            ImageInfo old = images.get(id);
            java.util.List<String> tags = new ArrayList<>(old == null ? List.of() : old.tags());
            java.util.List<String> digests = new ArrayList<>(old == null ? List.of() : old.repoDigests());
            if (!ref.hasDigest()) {
                tags.add(normalize(ref.repository() + ":" + ref.tagOrLatest()));
            }
            String repoDigest = ref.repository() + "@" + manifest.digest();
            if (!digests.contains(repoDigest)) {
                digests.add(repoDigest);
            }
            ImageInfo info = new ImageInfo(id, manifest.user(), List.copyOf(tags), List.copyOf(digests));
            index(info);
            return info;
        }
    }

    @Override
    public String pushImage(String image, String target, RegistryAuth auth, Consumer<String> progress) {
        record("pushImage", image, target, auth == null ? "" : auth.host());
        ImageRef to = ImageRef.parse(target);
        String action = "push image " + image + " to " + target;
        ImageInfo local;
        synchronized (this) {
            local = images.get(normalize(image));
        }
        if (local == null) {
            throw new RegistryException(RegistryException.Reason.NOT_FOUND, image,
                    action + ": An image does not exist locally with the tag: " + image, null);
        }
        FakeRegistry registry = reachable(to, action, target);
        progress.accept("The push refers to repository [" + to.repository() + "]");
        registry.checkAuth(auth, target, action);
        // Like a real registry: the digest is of the content, so one image pushed twice has one digest.
        String digest = "sha256:" + sha256("manifest" + local.id());
        registry.put(to.path(), to.tag(), new FakeRegistry.Manifest(digest, local.id(), local.user()));
        progress.accept(to.tag() + ": digest: " + digest + " size: 529");
        synchronized (this) {
            List<String> tags = new ArrayList<>(local.tags());
            tags.add(normalize(target));
            List<String> digests = new ArrayList<>(local.repoDigests());
            String repoDigest = to.repository() + "@" + digest;
            if (!digests.contains(repoDigest)) {
                digests.add(repoDigest);
            }
            index(new ImageInfo(local.id(), local.user(), List.copyOf(tags), List.copyOf(digests)));
        }
        return digest;
    }

    @Override
    public void checkLogin(RegistryAuth auth) {
        record("checkLogin", auth.host(), auth.username());
        FakeRegistry registry = registries.get(auth.host());
        if (registry == null) {
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, auth.host(), "log in to " + auth.host()
                    + ": Get \"http://" + auth.host() + "/v2/\": dial tcp " + auth.host() + ": connect: connection refused",
                    null);
        }
        registry.checkAuth(auth, auth.host(), "log in to " + auth.host());
    }

    @Override
    public void ensureNetwork(String name) {
        record("ensureNetwork", name);
        networks.add(name);
    }

    /** Internal networks are recorded as {@code ensureInternalNetwork}; others as {@link #ensureNetwork(String)}. */
    @Override
    public void ensureNetwork(String name, boolean internal) {
        if (!internal) {
            ensureNetwork(name);
            return;
        }
        record("ensureInternalNetwork", name);
        networks.add(name);
    }

    @Override
    public Closeable logs(String containerId, boolean follow, int tail, Consumer<String> sink) {
        record("logs", containerId, follow, tail);
        List<String> lines;
        Container c;
        synchronized (this) {
            c = container(containerId);
            lines = List.copyOf(c.logs.subList(Math.max(0, c.logs.size() - Math.max(0, tail)), c.logs.size()));
            if (follow) {
                c.followers.add(sink);
            }
        }
        lines.forEach(sink);
        return follow ? () -> {
            synchronized (FakeEngine.this) {
                c.followers.remove(sink);
            }
        } : () -> {};
    }

    @Override
    public Closeable watchExits(String label, Instant since, ExitListener listener) {
        record("watchExits", label);
        Watcher w = new Watcher(label, listener);
        List<ContainerExit> replay;
        synchronized (this) {
            Instant from = since != null ? since : Instant.now();
            replay = history.stream().filter(e -> !e.exit().at().isBefore(from) && w.matches(e.labels()))
                    .map(Past::exit).toList();
            watchers.add(w);
        }
        replay.forEach(listener::exited);
        return () -> watchers.remove(w);
    }

    @Override
    public synchronized Optional<ContainerExit> exitOf(String containerId) {
        record("exitOf", containerId);
        Container c = containers.get(containerId);
        if (c == null) {
            return Optional.of(new ContainerExit(containerId, ExitCause.VANISHED, -1, Instant.now()));
        }
        return c.state.equals("exited") ? Optional.ofNullable(c.exit) : Optional.empty();
    }

    // ---- internals ----

    /** Files the image under its id, its tags and its repository digests, replacing what it had before. */
    private void index(ImageInfo info) {
        images.values().removeIf(i -> i.id().equals(info.id()));
        images.put(info.id(), info);
        info.tags().forEach(t -> images.put(normalize(t), info));
        info.repoDigests().forEach(d -> images.put(d, info));
    }

    private FakeRegistry reachable(ImageRef ref, String action, String reference) {
        FakeRegistry registry = registries.get(ref.host());
        if (registry == null) {
            throw new RegistryException(RegistryException.Reason.UNREACHABLE, reference, action + ": Get \"http://"
                    + ref.host() + "/v2/\": dial tcp " + ref.host() + ": connect: connection refused", null);
        }
        return registry;
    }

    private void record(String method, Object... args) {
        calls.add(new Call(method, List.of(args)));
    }

    private Container container(String id) {
        Container c = containers.get(id);
        if (c == null) {
            throw new EngineException.NotFound("No such container: " + id);
        }
        return c;
    }

    private void fireExit(ContainerExit exit, Map<String, String> labels) {
        synchronized (this) {
            history.add(new Past(exit, labels));
        }
        for (Watcher w : watchers) {
            if (w.matches(labels)) {
                w.listener.exited(exit);
            }
        }
    }

    private static String normalize(String ref) {
        if (ref.startsWith("sha256:") || ref.contains("@")) {
            return ref;
        }
        int slash = ref.lastIndexOf('/');
        return ref.indexOf(':', slash + 1) < 0 ? ref + ":latest" : ref;
    }

    private static String dockerfile(InputStream contextTar) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(contextTar)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (name.equals("Dockerfile")) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    tar.transferTo(out);
                    return out.toString(StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the build context", e);
        }
        throw new EngineException("build: the build context has no Dockerfile at its root");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Container {
        final String id;
        final ContainerSpec spec;
        final List<String> logs = new ArrayList<>();
        final List<Consumer<String>> followers = new ArrayList<>();
        String state = "created";
        ContainerExit exit;

        Container(String id, ContainerSpec spec) {
            this.id = id;
            this.spec = spec;
        }
    }

    /** An exit the engine reported, kept so a watch with {@code since} can replay it. */
    private record Past(ContainerExit exit, Map<String, String> labels) {}

    private record Watcher(String label, ExitListener listener) {
        boolean matches(Map<String, String> labels) {
            int eq = label.indexOf('=');
            return eq < 0 ? labels.containsKey(label) : label.substring(eq + 1).equals(labels.get(label.substring(0, eq)));
        }
    }
}
