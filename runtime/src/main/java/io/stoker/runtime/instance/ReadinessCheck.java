package io.stoker.runtime.instance;

/**
 * One probe of whether an instance serves yet (after Testcontainers' WaitStrategy). A probe is
 * quick and never throws for "not yet"; {@link ReadinessWait} repeats it.
 */
public interface ReadinessCheck {

    boolean probe(String host, int port);

    /** A TCP connect, or an HTTP GET of {@code path} when the manifest names one. */
    static ReadinessCheck forPath(String path) {
        return path == null || path.isBlank() ? new TcpReadiness() : new HttpReadiness(path);
    }
}
