package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.RemoteApiVersion;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.ContainerSummary;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.engine.ExitListener;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ImageInfo;
import io.stoker.runtime.engine.ImageRef;
import io.stoker.runtime.engine.RegistryAuth;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link ContainerEngine} on the Docker Engine API (also served by {@code podman system service}).
 *
 * <p>The client is made on first use, after asking the engine which API version it serves, so a
 * DockerEngine can be constructed while the engine is still down. Thread-safe.
 */
public final class DockerEngine implements ContainerEngine, AutoCloseable {

    /** Label every network and container Stoker creates carries. */
    public static final String MANAGED_LABEL = "stoker.managed";

    /** The longest a pull or push may take. */
    private static final long TRANSFER_TIMEOUT_MINUTES = 30;

    private final String host;
    private final DockerErrors errors;
    private volatile DockerClient client;
    private final Object networkLock = new Object();

    private DockerEngine(String host) {
        this.host = host;
        this.errors = new DockerErrors(host);
    }

    /** The engine named by {@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}. */
    public static DockerEngine fromEnvironment() {
        return connect(DockerClients.defaultHost());
    }

    /** The engine at {@code host}: {@code unix:///path/to.sock} or {@code tcp://host:port}. */
    public static DockerEngine connect(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("docker host must not be empty (e.g. unix:///var/run/docker.sock)");
        }
        if (!host.startsWith("unix://") && !host.startsWith("tcp://") && !host.startsWith("npipe://")) {
            throw new IllegalArgumentException("docker host '" + host + "' must start with unix://, tcp:// or npipe://");
        }
        return new DockerEngine(host);
    }

    public String host() {
        return host;
    }

    /** The API version this driver speaks with the engine (negotiated on first use). */
    public String apiVersion() {
        return call("ask the engine its API version", () -> client().versionCmd().exec().getApiVersion());
    }

    @Override
    public String create(ContainerSpec spec) {
        return call("create container " + spec.name(), () -> HardenedCreate.command(client(), spec).exec().getId());
    }

    @Override
    public void start(String containerId) {
        run("start container " + containerId, () -> client().startContainerCmd(containerId).exec());
    }

    @Override
    public String inspectAddress(String containerId, String network) {
        InspectContainerResponse info = call("inspect container " + containerId,
                () -> client().inspectContainerCmd(containerId).exec());
        Map<String, ContainerNetwork> networks = info.getNetworkSettings() == null
                ? Map.of() : info.getNetworkSettings().getNetworks();
        ContainerNetwork net = networks == null ? null : networks.get(network);
        if (net == null) {
            throw new EngineException("container " + containerId + " is not on network '" + network
                    + "' (it is on " + (networks == null ? "none" : networks.keySet()) + ")");
        }
        if (net.getIpAddress() == null || net.getIpAddress().isEmpty()) {
            throw new EngineException("container " + containerId + " has no address on network '" + network
                    + "': is it running?");
        }
        return net.getIpAddress();
    }

    @Override
    public void pause(String containerId) {
        run("pause container " + containerId, () -> client().pauseContainerCmd(containerId).exec());
    }

    @Override
    public void unpause(String containerId) {
        run("unpause container " + containerId, () -> client().unpauseContainerCmd(containerId).exec());
    }

    @Override
    public void remove(String containerId) {
        try {
            run("remove container " + containerId,
                    () -> client().removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec());
        } catch (EngineException.NotFound gone) {
            // Already gone is what the caller wanted.
        } catch (EngineException e) {
            if (!(e.getCause() instanceof ConflictException) || !e.getMessage().contains("already in progress")) {
                throw e;
            }
        }
    }

    @Override
    public List<ContainerSummary> list(Map<String, String> labels) {
        List<Container> containers = call("list containers",
                () -> client().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
        List<ContainerSummary> result = new ArrayList<>(containers.size());
        for (Container c : containers) {
            String name = c.getNames() == null || c.getNames().length == 0 ? "" : c.getNames()[0];
            result.add(new ContainerSummary(c.getId(), name.startsWith("/") ? name.substring(1) : name,
                    c.getImage(), c.getLabels() == null ? Map.of() : Map.copyOf(c.getLabels()), c.getState()));
        }
        return result;
    }

    @Override
    public String build(InputStream contextTar, String tag, Map<String, String> buildArgs, Consumer<String> progress) {
        DockerBuild build = new DockerBuild(progress);
        String shortId;
        try {
            var cmd = client().buildImageCmd(contextTar).withTags(Set.of(tag)).withPull(false)
                    .withRemove(true).withForcerm(true);
            buildArgs.forEach(cmd::withBuildArg);
            shortId = cmd.exec(build).awaitImageId();
        } catch (RuntimeException e) {
            throw build.failure(tag, e, errors);
        }
        return inspectImage(tag).map(ImageInfo::id).orElse(shortId);
    }

    @Override
    public Optional<ImageInfo> inspectImage(String imageRef) {
        try {
            InspectImageResponse image = call("inspect image " + imageRef,
                    () -> client().inspectImageCmd(imageRef).exec());
            String user = image.getConfig() == null || image.getConfig().getUser() == null
                    ? "" : image.getConfig().getUser();
            List<String> tags = image.getRepoTags() == null ? List.of() : List.copyOf(image.getRepoTags());
            List<String> digests = image.getRepoDigests() == null ? List.of() : List.copyOf(image.getRepoDigests());
            return Optional.of(new ImageInfo(image.getId(), user, tags, digests));
        } catch (EngineException.NotFound missing) {
            return Optional.empty();
        }
    }

    @Override
    public ImageInfo pullImage(String imageRef, RegistryAuth auth, Consumer<String> progress) {
        ImageRef ref = ImageRef.parse(imageRef);
        String action = "pull image " + imageRef;
        DockerTransfer<PullResponseItem> pull = new DockerTransfer<>(progress);
        try {
            // The engine takes a digest in the tag parameter; a reference without either means :latest, as docker pull.
            client().pullImageCmd(ref.repository()).withTag(ref.hasDigest() ? ref.digest() : ref.tagOrLatest())
                    .withAuthConfig(authConfig(auth)).exec(pull);
            await(pull, action);
        } catch (RuntimeException e) {
            throw DockerRegistryErrors.of(action, imageRef, e, errors);
        }
        if (!pull.errorText().isEmpty()) {
            throw DockerRegistryErrors.of(action, imageRef, pull.errorText(), null);
        }
        return inspectImage(imageRef).orElseThrow(() -> new EngineException(
                action + ": the engine reported the pull done but has no image by that reference"));
    }

    @Override
    public String pushImage(String image, String target, RegistryAuth auth, Consumer<String> progress) {
        ImageRef to = ImageRef.parse(target);
        if (to.hasDigest() || to.tag().isEmpty()) {
            throw new IllegalArgumentException("push target '" + target + "' must be a repository with a tag");
        }
        String action = "push image " + image + " to " + target;
        try {
            client().tagImageCmd(image, to.repository(), to.tag()).withForce(true).exec();
        } catch (RuntimeException e) {
            throw DockerRegistryErrors.of(action, image, e, errors);
        }
        DockerTransfer<PushResponseItem> push = new DockerTransfer<>(progress);
        try {
            // An explicit (maybe empty) auth: without one the engine refuses a push outright.
            client().pushImageCmd(to.repository()).withTag(to.tag()).withAuthConfig(authConfig(auth)).exec(push);
            await(push, action);
        } catch (RuntimeException e) {
            throw DockerRegistryErrors.of(action, target, e, errors);
        }
        if (!push.errorText().isEmpty()) {
            throw DockerRegistryErrors.of(action, target, push.errorText(), null);
        }
        if (!push.digest().isEmpty()) {
            return push.digest();
        }
        String known = inspectImage(target).map(info -> info.digestIn(to.repository())).orElse("");
        if (known.isEmpty()) {
            throw new EngineException(action + ": the engine reported the push done but named no digest");
        }
        return known;
    }

    @Override
    public void checkLogin(RegistryAuth auth) {
        String action = "log in to " + auth.host() + " as " + auth.username();
        try {
            client().authCmd().withAuthConfig(authConfig(auth)).exec();
        } catch (RuntimeException e) {
            throw DockerRegistryErrors.of(action, auth.host(), e, errors);
        }
    }

    /** The engine's form of the credentials; an empty one for anonymous access (never the host's docker config). */
    private static AuthConfig authConfig(RegistryAuth auth) {
        if (auth == null) {
            return new AuthConfig();
        }
        return new AuthConfig().withRegistryAddress(auth.host()).withUsername(auth.username())
                .withPassword(auth.password());
    }

    private static void await(ResultCallback.Adapter<?> callback, String action) {
        try {
            // A registry that stops answering mid-transfer must not hold a deploy for ever.
            if (!callback.awaitCompletion(TRANSFER_TIMEOUT_MINUTES, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new EngineException(action + ": not done after " + TRANSFER_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(action + ": interrupted", e);
        } finally {
            try {
                callback.close();
            } catch (IOException ignored) {
                // the stream is over either way
            }
        }
    }

    @Override
    public void ensureNetwork(String name) {
        ensureNetwork(name, false);
    }

    @Override
    public List<String> managedSubnets() {
        List<String> subnets = new ArrayList<>();
        for (var network : call("list networks", () -> client().listNetworksCmd()
                .withFilter("label", List.of(MANAGED_LABEL)).exec())) {
            if (network.getIpam() == null || network.getIpam().getConfig() == null) {
                continue;
            }
            for (var config : network.getIpam().getConfig()) {
                if (config.getSubnet() != null && !config.getSubnet().isEmpty()) {
                    subnets.add(config.getSubnet());
                }
            }
        }
        return subnets;
    }

    @Override
    public void ensureNetwork(String name, boolean internal) {
        // The lock covers callers in this process; the engine's duplicate check (409) covers others.
        synchronized (networkLock) {
            var existing = call("list networks", () -> client().listNetworksCmd().withNameFilter(name).exec())
                    .stream().filter(n -> name.equals(n.getName())).findFirst();
            if (existing.isPresent()) {
                if (internal && !Boolean.TRUE.equals(existing.get().getInternal())) {
                    // Never let a function meant to have no route out run on a network that has one.
                    throw new EngineException("network " + name + " exists but is not internal (it has a route out);"
                            + " remove it (docker network rm " + name + ") and Stoker makes it again");
                }
                return;
            }
            try {
                run("create network " + name, () -> client().createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withInternal(internal)
                        .withCheckDuplicate(true)
                        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
                        .withLabels(Map.of(MANAGED_LABEL, "true"))
                        .exec());
            } catch (EngineException e) {
                if (!(e.getCause() instanceof ConflictException)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Closeable logs(String containerId, boolean follow, int tail, Consumer<String> sink) {
        return logs(containerId, follow, tail, 0, sink);
    }

    @Override
    public Closeable logs(String containerId, boolean follow, int tail, long sinceEpochSeconds, Consumer<String> sink) {
        if (follow) {
            // Fail now, not later on the stream's thread, when the container does not exist.
            call("inspect container " + containerId, () -> client().inspectContainerCmd(containerId).exec());
        }
        LineSplitter out = new LineSplitter(sink);
        LineSplitter err = new LineSplitter(sink);
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? err : out).accept(frame.getPayload());
            }

            @Override
            public void onComplete() {
                out.flush();
                err.flush();
                super.onComplete();
            }
        };
        call("read logs of container " + containerId, () -> client().logContainerCmd(containerId)
                .withStdOut(true).withStdErr(true).withFollowStream(follow).withTail(tail)
                .withSince((int) sinceEpochSeconds).exec(callback));
        if (follow) {
            return callback;
        }
        // Without follow the call returns once every line has gone to the sink.
        call("read logs of container " + containerId, () -> {
            try {
                return callback.awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while reading logs of " + containerId, e);
            }
        });
        return () -> {};
    }

    @Override
    public Closeable watchExits(String label, Instant since, ExitListener listener) {
        DockerEvents events = new DockerEvents();
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            private volatile boolean closedByOwner;
            private final AtomicBoolean ended = new AtomicBoolean();

            @Override
            public void onNext(Event event) {
                events.accept(event).ifPresent(listener::exited);
            }

            @Override
            public void onError(Throwable error) {
                end(error);
            }

            @Override
            public void onComplete() {
                end(null);
            }

            private void end(Throwable error) {
                try {
                    super.close();
                } catch (IOException ignored) {
                    // the stream is gone either way
                }
                if (!closedByOwner && ended.compareAndSet(false, true)) {
                    listener.ended(error);
                }
            }

            @Override
            public void close() throws IOException {
                closedByOwner = true;
                super.close();
            }
        };
        // Replays from `since`, so an exit between this call and the stream's connect (or during a reconnect's gap)
        // is not lost.
        call("watch container events", () -> client().eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("die", "oom", "kill")
                .withLabelFilter(label)
                .withSince(DockerEvents.since(since != null ? since : Instant.now()))
                .exec(callback));
        return callback;
    }

    @Override
    public Optional<ContainerExit> exitOf(String containerId) {
        InspectContainerResponse info;
        try {
            info = call("inspect container " + containerId, () -> client().inspectContainerCmd(containerId).exec());
        } catch (EngineException.NotFound gone) {
            return Optional.of(new ContainerExit(containerId, ExitCause.VANISHED, -1, Instant.now()));
        }
        InspectContainerResponse.ContainerState s = info.getState();
        if (s == null || Boolean.TRUE.equals(s.getRunning()) || Boolean.TRUE.equals(s.getPaused())
                || "created".equals(s.getStatus())) {
            return Optional.empty();
        }
        int code = s.getExitCodeLong() == null ? -1 : s.getExitCodeLong().intValue();
        return Optional.of(new ContainerExit(containerId,
                ExitCause.of(Boolean.TRUE.equals(s.getOOMKilled()), false, code), code, Instant.now()));
    }

    /** Releases the connection pool; streams still open (logs, exit watches) end. */
    @Override
    public synchronized void close() {
        DockerClient c = client;
        client = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // Nothing left to release that the caller could act on.
            }
        }
    }

    private DockerClient client() {
        DockerClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    RemoteApiVersion version;
                    try (DockerClient unversioned = DockerClients.create(host, RemoteApiVersion.unknown())) {
                        version = DockerClients.negotiate(unversioned);
                    } catch (IOException e) {
                        throw errors.unreachable("connect", e);
                    } catch (RuntimeException e) {
                        throw errors.translate("connect to the container engine", e);
                    }
                    c = client = DockerClients.create(host, version);
                }
            }
        }
        return c;
    }

    private <T> T call(String action, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
    }

    private void run(String action, Runnable body) {
        call(action, () -> {
            body.run();
            return null;
        });
    }
}
