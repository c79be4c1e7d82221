package io.stoker.runtime.engine;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The narrow boundary to a container engine (Docker Engine API, or Podman's service).
 *
 * <p>Every call may block on the engine; callers keep them off the invoke path. Implementations
 * are thread-safe. Failures raise {@link EngineException}; a missing container or image raises
 * {@link EngineException.NotFound}; a registry that lacks an image, refuses credentials or does not answer raises
 * {@link RegistryException}.
 */
public interface ContainerEngine {

    /**
     * What this engine can do beyond running containers; the calls of a capability it lacks raise
     * {@link EngineException.Unsupported}. Docker (and Podman's service) has them all.
     */
    default Set<EngineCapability> capabilities() {
        return java.util.EnumSet.allOf(EngineCapability.class);
    }

    default boolean can(EngineCapability capability) {
        return capabilities().contains(capability);
    }

    /** Creates (does not start) a container; returns its id. */
    String create(ContainerSpec spec);

    void start(String containerId);

    /** The container's IPv4 address on the named network. */
    String inspectAddress(String containerId, String network);

    /** Freezes every process of the container (cgroup freezer). */
    void pause(String containerId);

    void unpause(String containerId);

    /** Kills and removes the container; a container that is already gone is not an error. */
    void remove(String containerId);

    /** Containers (running or not) that carry every one of the given labels. */
    List<ContainerSummary> list(Map<String, String> labels);

    /**
     * Builds an image from a tar stream of a build context holding a {@code Dockerfile} at its
     * root, tags it and returns the image id. Progress lines go to {@code progress}.
     */
    String build(InputStream contextTar, String tag, Map<String, String> buildArgs, Consumer<String> progress);

    /** What the engine knows of a local image, or empty if it has none by that reference. */
    Optional<ImageInfo> inspectImage(String imageRef);

    /**
     * Pulls {@code imageRef} (by tag or by digest) from its registry into the engine, with {@code auth} (null:
     * anonymous), and returns the local image. Progress lines (one per layer step) go to {@code progress}.
     */
    ImageInfo pullImage(String imageRef, RegistryAuth auth, Consumer<String> progress);

    /**
     * Tags the local image {@code image} as {@code target} (a repository with a tag) and pushes it there with
     * {@code auth} (null: anonymous). Returns the digest ({@code sha256:…}) the registry keeps it under, which
     * {@code target}'s repository {@code @} digest then names.
     */
    String pushImage(String image, String target, RegistryAuth auth, Consumer<String> progress);

    /** Checks {@code auth} against its registry, as a login does; a refusal is {@link RegistryException}. */
    void checkLogin(RegistryAuth auth);

    /**
     * Creates a bridge network with inter-container traffic off, unless one by that name exists.
     */
    void ensureNetwork(String name);

    /**
     * {@link #ensureNetwork(String)}, or with {@code internal} a bridge network with no route out of the host (Docker's
     * {@code internal} network): its containers reach nothing beyond the host's side of the bridge, while the host still
     * reaches them. An engine without {@link EngineCapability#NETWORKS} refuses an internal one.
     */
    default void ensureNetwork(String name, boolean internal) {
        if (internal) {
            throw new EngineException.Unsupported(EngineCapability.NETWORKS, "network " + name + ": this engine makes"
                    + " no networks, so it cannot give a function egress: none");
        }
        ensureNetwork(name);
    }

    /**
     * The IP ranges (CIDR, e.g. {@code 172.18.0.0/16}) of every network that carries Stoker's managed label, this
     * gateway's and any other's on the engine: requests from these addresses come from function containers. Empty
     * when the engine makes no networks.
     */
    default List<String> managedSubnets() {
        return List.of();
    }

    /**
     * Streams the container's stdout and stderr lines to {@code sink}; with {@code follow} it
     * keeps streaming until the returned handle is closed or the container ends.
     */
    Closeable logs(String containerId, boolean follow, int tail, Consumer<String> sink);

    /**
     * {@link #logs}, only the lines written at or after {@code sinceEpochSeconds} (0: all of them). An engine that
     * cannot filter by time reads them all.
     */
    default Closeable logs(String containerId, boolean follow, int tail, long sinceEpochSeconds, Consumer<String> sink) {
        return logs(containerId, follow, tail, sink);
    }

    /**
     * Reports containers that stop among those carrying {@code label} ({@code key} or {@code key=value}), starting
     * with those that stopped at or after {@code since} (null: from now), until the handle is closed or the stream
     * ends ({@link ExitListener#ended}). An exit may be reported twice across two watches with overlapping times.
     */
    Closeable watchExits(String label, Instant since, ExitListener listener);

    /**
     * How the container ended, or empty while it runs or is paused. A container the engine does not have ended
     * {@link ExitCause#VANISHED}.
     */
    Optional<ContainerExit> exitOf(String containerId);
}
