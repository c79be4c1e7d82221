package io.stoker.runtime.engine;

/**
 * What an engine can do beyond running containers. A driver without one of these says so: its calls for it raise
 * {@link EngineException.Unsupported} with what to do instead, rather than pretending.
 */
public enum EngineCapability {
    /** Freezes and thaws a container ({@link ContainerEngine#pause}, {@link ContainerEngine#unpause}). */
    PAUSE,
    /** Builds images from a build context ({@link ContainerEngine#build}). */
    BUILD,
    /**
     * Holds images itself: {@link ContainerEngine#inspectImage} sees them, {@code pullImage}, {@code pushImage} and
     * {@code checkLogin} move them. Without it, whoever runs the containers pulls the image named in the spec (a
     * cluster's nodes), and {@code inspectImage} knows no image.
     */
    IMAGES,
    /**
     * Makes bridge networks ({@link ContainerEngine#ensureNetwork}) and refuses to start a container on a network it
     * lacks, internal ones (no route out) included. Without it the spec's network is only a name, isolation is the
     * platform's (a NetworkPolicy), and {@code egress: none} is refused.
     */
    NETWORKS,
    /**
     * Mounts a spec's {@link ContainerSpec#secretMounts} read-only (a host tmpfs directory each). Without it a create
     * with secret mounts is refused, never run without its secrets.
     */
    SECRET_MOUNTS
}
