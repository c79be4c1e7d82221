package io.stoker.cli.services;

import io.stoker.cli.CliException;
import io.stoker.cli.output.Console;
import io.stoker.cli.system.CommandRunner;
import io.stoker.cli.system.PidFile;
import io.stoker.cli.system.ProcessControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The container engine. {@code up} runs {@code deploy/install-prereqs.sh} (installs and starts the
 * engine) and {@code deploy/base-images.sh}; when the engine was not running before, it records so
 * in a marker file, and only then may {@code down --engine} stop it.
 */
public final class EngineService implements Service {

    private static final String SYSTEMD = "systemd";
    private static final PidFile DOCKERD_PID = new PidFile(Path.of("/var/run/docker.pid"));

    private final EngineProbe probe;
    private final Path repo;
    private final Path startedMarker;
    private final boolean stopOnDown;
    private final ProcessControl control;
    private final Map<String, String> scriptEnv;

    public EngineService(EngineProbe probe, Path repo, Path startedMarker, boolean stopOnDown,
            ProcessControl control, Map<String, String> scriptEnv) {
        this.probe = probe;
        this.repo = repo;
        this.startedMarker = startedMarker;
        this.stopOnDown = stopOnDown;
        this.control = control;
        this.scriptEnv = scriptEnv;
    }

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public void up(Console console) {
        boolean wasUp = probe.ready();
        runScript(console, "deploy/install-prereqs.sh");
        String problem = probe.problem();
        if (!problem.isEmpty()) {
            throw new CliException("engine: " + problem);
        }
        if (!wasUp) {
            recordStarted();
        }
        runScript(console, "deploy/base-images.sh");
    }

    @Override
    public void down(Console console) {
        if (!stopOnDown) {
            console.info("engine: left running (pass --engine to stop it too)");
            return;
        }
        if (!Files.exists(startedMarker)) {
            console.info("engine: left running, `stoker up` did not start it");
            return;
        }
        String how = readMarker();
        if (SYSTEMD.equals(how)) {
            CommandRunner.runOrFail(List.of("systemctl", "stop", "docker"), repo, Map.of(), console::info);
            console.info("engine: stopped (systemctl stop docker)");
        } else {
            OptionalLong pid = DOCKERD_PID.read();
            if (pid.isPresent() && control.isOurs(pid.getAsLong(), "dockerd")) {
                ProcessControl.Outcome o = control.stop(pid.getAsLong(), Duration.ofSeconds(20));
                if (o == ProcessControl.Outcome.FAILED) {
                    throw new CliException("engine: could not stop dockerd (pid " + pid.getAsLong() + "); are you root?");
                }
                console.info("engine: stopped dockerd (pid " + pid.getAsLong() + ", " + o.name().toLowerCase() + ")");
            } else {
                console.info("engine: dockerd is not running");
            }
        }
        try {
            Files.deleteIfExists(startedMarker);
        } catch (IOException e) {
            throw new CliException("cannot remove " + startedMarker + ": " + e.getMessage());
        }
    }

    @Override
    public ServiceStatus status() {
        String problem = probe.problem();
        return problem.isEmpty()
                ? new ServiceStatus(name(), "up", "answering on " + probe.socket())
                : new ServiceStatus(name(), "down", problem);
    }

    private void runScript(Console console, String script) {
        Path path = repo.resolve(script);
        if (!Files.isRegularFile(path)) {
            throw new CliException(path + " is missing: is " + repo + " a complete Stoker checkout?");
        }
        console.info("running " + script);
        CommandRunner.runOrFail(List.of("bash", path.toString()), repo, scriptEnv, console::info);
    }

    private void recordStarted() {
        try {
            // install-prereqs.sh uses systemctl when systemd is pid 1, else runs dockerd itself
            String init = Files.exists(Path.of("/proc/1/comm"))
                    ? Files.readString(Path.of("/proc/1/comm"), StandardCharsets.US_ASCII).strip() : "";
            Files.createDirectories(startedMarker.getParent());
            Files.writeString(startedMarker, (SYSTEMD.equals(init) ? SYSTEMD : "pidfile") + "\n");
        } catch (IOException e) {
            throw new CliException("cannot write " + startedMarker + ": " + e.getMessage());
        }
    }

    private String readMarker() {
        try {
            return Files.readString(startedMarker, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
