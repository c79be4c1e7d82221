package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/** Builds docker-java clients and settles the API version both sides speak. */
final class DockerClients {

    /** The newest API version docker-java 3.4.2 models; newer engines still serve it. */
    static final RemoteApiVersion NEWEST_KNOWN = RemoteApiVersion.VERSION_1_44;

    private DockerClients() {}

    static DockerClient create(String host, RemoteApiVersion version) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .withApiVersion(version)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /**
     * Like the docker CLI: ask the engine (unversioned) which API it serves, then pin the lower of
     * that and what docker-java knows. Docker 20.10 serves 1.41; Docker 29 no longer serves below
     * 1.44, so a fixed old pin would break there, and an unpinned client would speak APIs newer than
     * docker-java's models.
     */
    static RemoteApiVersion negotiate(DockerClient unversioned) {
        String served = unversioned.versionCmd().exec().getApiVersion();
        return lower(RemoteApiVersion.parseConfig(served), NEWEST_KNOWN);
    }

    static RemoteApiVersion lower(RemoteApiVersion a, RemoteApiVersion b) {
        return a.isGreater(b) ? b : a;
    }

    /** The engine host from {@code DOCKER_HOST}, else the standard socket. */
    static String defaultHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env.trim();
    }

    static String socketPath(String host) {
        return host.startsWith("unix://") ? URI.create(host).getPath() : null;
    }
}
