package io.stoker.runtime.engine.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the docker CLI in tests, to look at what the driver did from outside it. */
public final class DockerCli {

    private DockerCli() {}

    /** Output of {@code docker args...}; fails on a non-zero exit. */
    public static String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " interrupted", e);
        }
    }

    /** {@code path} as the container's own user sees it (mode, owner, content, whether its chmod works). */
    public static io.stoker.runtime.engine.ContainerEngineCompatibilityKit.SeenFile fileInside(String container,
            String path) {
        String[] out = run("exec", container, "sh", "-c", "stat -c '%a %u' " + path + "; cat " + path
                + "; echo; if chmod 600 " + path + " 2>/dev/null; then echo changed; else echo refused; fi")
                .split("\n");
        String[] stat = out[0].trim().split(" ");
        return new io.stoker.runtime.engine.ContainerEngineCompatibilityKit.SeenFile(stat[0], stat[1], out[1],
                out[2].trim().equals("changed"));
    }
}
