package io.stoker.runtime.engine;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The narrow boundary to a container engine (Docker Engine API, or Podman's service).
 *
 * <p>Every call may block on the engine; callers keep them off the invoke path. Implementations
 * are thread-safe. Failures raise {@link EngineException}; a missing container or image raises
 * {@link EngineException.NotFound}.
 */
public interface ContainerEngine {

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
     * Creates a bridge network with inter-container traffic off, unless one by that name exists.
     */
    void ensureNetwork(String name);

    /**
     * Streams the container's stdout and stderr lines to {@code sink}; with {@code follow} it
     * keeps streaming until the returned handle is closed or the container ends.
     */
    Closeable logs(String containerId, boolean follow, int tail, Consumer<String> sink);

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
