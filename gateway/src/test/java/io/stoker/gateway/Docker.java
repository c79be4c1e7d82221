package io.stoker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The docker CLI, so tests check the engine's own view rather than Stoker's. */
final class Docker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Docker() {}

    static String run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out.trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode inspect(String containerId) {
        try {
            return JSON.readTree(run("inspect", containerId)).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes every Stoker container labelled with the given network, one by one and best effort:
     * a gateway may be removing some of them at the same moment, which is fine.
     */
    static void removeContainersOn(String network) {
        String ids = run("ps", "-aq", "--filter", "label=stoker.network=" + network);
        for (String id : ids.isBlank() ? new String[0] : ids.split("\\s+")) {
            try {
                run("rm", "-f", id);
            } catch (IllegalStateException goneOrGoing) {
                // "No such container" or "removal already in progress": the container is going either way
            }
        }
    }

    static void removeNetwork(String network) {
        try {
            run("network", "rm", network);
        } catch (IllegalStateException e) {
            // already gone, or still in use by a container being removed: the next run's name differs anyway
        }
    }

    static void requireImages(List<String> images) {
        for (String image : images) {
            try {
                run("image", "inspect", image);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("base image " + image + " is missing: run deploy/base-images.sh"
                        + " (the README's test command does)", e);
            }
        }
    }
}
