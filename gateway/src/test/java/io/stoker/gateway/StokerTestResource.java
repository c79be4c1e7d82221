package io.stoker.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Points the gateway under test at a fresh Stoker home and the repository's templates, and checks
 * that the real engine and the base images are there (the test command installs them first).
 */
public class StokerTestResource implements QuarkusTestResourceLifecycleManager {

    /** One network per test JVM: two test runs on one engine never adopt or remove each other's containers. */
    static final String NETWORK = "stoker-test-" + ProcessHandle.current().pid();

    static final List<String> BASE_IMAGES = List.of("stoker/base:bookworm", "stoker/java:17", "stoker/java-build:17",
            "stoker/node:bookworm", "stoker/node-build:bookworm", "stoker/python:bookworm", "stoker/python-build:bookworm");

    @Override
    public Map<String, String> start() {
        Docker.requireImages(BASE_IMAGES);
        try {
            Path home = Files.createTempDirectory("stoker-test-home");
            TestApi.home = home;
            return Map.of(
                    "stoker.home", home.toString(),
                    "stoker.templates-dir", TestApi.repo().resolve("function-templates").toString(),
                    "stoker.invoke.max-body-size", "1M",
                    // A network of its own: a gateway adopts or removes the containers on its network,
                    // so tests never touch the functions of a gateway that `bin/stoker up` started.
                    "stoker.engine.network", NETWORK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // A stopped gateway leaves its containers for adoption; the tests' gateway has no successor.
        Docker.removeContainersOn(NETWORK);
        Docker.removeNetwork(NETWORK);
        Docker.removeNetwork(NETWORK + "-internal"); // made when a test deploys egress: none
    }
}
