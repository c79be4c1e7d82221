package io.stoker.cli.services;

import io.stoker.cli.CliException;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.Progress;
import io.stoker.cli.system.PidFile;
import io.stoker.cli.system.ProcessControl;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A service that is a long-running process of ours: started detached in its own session (so it
 * outlives the CLI), output appended to a log file, pid recorded in a pid file, stopped by signal.
 */
public final class ProcessService implements Service {

    /**
     * What to run and how to know it works.
     *
     * @param name service name shown to the user
     * @param command the command line (without setsid)
     * @param env extra environment
     * @param workDir working folder
     * @param pidFile where the pid is recorded
     * @param logFile where output goes
     * @param marker text of its command line, to recognise it behind a pid
     * @param health readiness probe
     * @param where how to reach it, for messages ("http://127.0.0.1:8080")
     * @param prepare run before starting (e.g. a build); gets the console
     * @param readyTimeout how long to wait for readiness
     * @param stopGrace how long SIGTERM gets before SIGKILL
     */
    public record Definition(
            String name,
            List<String> command,
            Map<String, String> env,
            Path workDir,
            PidFile pidFile,
            Path logFile,
            String marker,
            HealthCheck health,
            String where,
            Consumer<Console> prepare,
            Duration readyTimeout,
            Duration stopGrace) {}

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Definition def;
    private final ProcessControl control;

    public ProcessService(Definition def, ProcessControl control) {
        this.def = def;
        this.control = control;
    }

    @Override
    public String name() {
        return def.name();
    }

    @Override
    public void up(Console console) {
        if (def.health().ready()) {
            console.info(def.name() + ": already running at " + def.where() + ", not starting another");
            return;
        }
        OptionalLong recorded = def.pidFile().read();
        BooleanSupplier alive;
        if (recorded.isPresent() && control.isOurs(recorded.getAsLong(), def.marker())) {
            long pid = recorded.getAsLong();
            alive = () -> control.isOurs(pid, def.marker());
            console.info(def.name() + ": pid " + pid + " is running but not ready yet; waiting for it");
        } else {
            def.prepare().accept(console);
            // Our own child is watched through its handle: just after the start its command line can still be
            // the JDK's spawn helper's, so the marker check would call it gone on a busy machine.
            Process started = launch();
            alive = started::isAlive;
            console.info(def.name() + ": started (pid " + started.pid() + ", log " + def.logFile() + ")");
        }
        awaitReady(console, alive);
    }

    @Override
    public void down(Console console) {
        OptionalLong pid = def.pidFile().read();
        if (pid.isEmpty()) {
            console.info(def.name() + ": not started by `stoker up` (no " + def.pidFile().path() + ")"
                    + (def.health().ready() ? "; something else answers at " + def.where() + ", left alone" : ""));
            return;
        }
        long p = pid.getAsLong();
        if (!control.isOurs(p, def.marker())) {
            def.pidFile().delete();
            console.info(def.name() + ": not running (removed the stale pid file)");
            return;
        }
        switch (control.stop(p, def.stopGrace())) {
            case NOT_RUNNING -> console.info(def.name() + ": not running");
            case TERMINATED -> console.info(def.name() + ": stopped (pid " + p + ")");
            case KILLED -> console.info(def.name() + ": did not stop within " + def.stopGrace().toSeconds()
                    + " s of SIGTERM; killed (pid " + p + ")");
            case FAILED -> throw new CliException(def.name() + ": could not stop pid " + p
                    + " (are you root? try `sudo bin/stoker down`)");
        }
        def.pidFile().delete();
    }

    @Override
    public ServiceStatus status() {
        OptionalLong pid = def.pidFile().read();
        boolean ours = pid.isPresent() && control.isOurs(pid.getAsLong(), def.marker());
        boolean ready = def.health().ready();
        String pidText = ours ? "pid " + pid.getAsLong() + ", " : "";
        if (ready) {
            return new ServiceStatus(def.name(), "up", pidText + "ready at " + def.where());
        }
        if (ours) {
            return new ServiceStatus(def.name(), "unhealthy", pidText + "not ready at " + def.where()
                    + "; see " + def.logFile());
        }
        return new ServiceStatus(def.name(), "down", "not running; start it with `sudo bin/stoker up`");
    }

    private Process launch() {
        List<String> cmd = new ArrayList<>();
        // a new session: the service must not die with the CLI's terminal or process group
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(def.command());
        try {
            Files.createDirectories(def.logFile().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(def.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(def.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(def.env());
            Process p = pb.start();
            def.pidFile().write(p.pid());
            return p;
        } catch (IOException e) {
            throw new CliException(def.name() + ": cannot start " + String.join(" ", def.command()) + ": " + e.getMessage());
        }
    }

    private void awaitReady(Console console, BooleanSupplier alive) {
        long deadline = System.nanoTime() + def.readyTimeout().toNanos();
        long started = System.nanoTime();
        try (Progress progress = console.progress()) {
            while (System.nanoTime() < deadline) {
                if (def.health().ready()) {
                    progress.close();
                    console.info(def.name() + ": ready at " + def.where()
                            + " (" + (System.nanoTime() - started) / 1_000_000_000 + " s)");
                    return;
                }
                if (!alive.getAsBoolean()) {
                    def.pidFile().delete();
                    progress.close();
                    throw failed("exited before it was ready");
                }
                // the same text each time: plain output prints it once, a terminal spins beside it
                progress.status("waiting for " + def.name() + " at " + def.where() + " to be ready (up to "
                        + def.readyTimeout().toSeconds() + " s)");
                sleep();
            }
        }
        throw failed("was not ready within " + def.readyTimeout().toSeconds() + " s");
    }

    private CliException failed(String what) {
        return new CliException(def.name() + " " + what + "; last lines of " + def.logFile() + ":\n"
                + String.join("\n", tail(def.logFile(), 30)));
    }

    /** The last {@code n} lines of a file (empty when it cannot be read). */
    static List<String> tail(Path file, int n) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - n), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
