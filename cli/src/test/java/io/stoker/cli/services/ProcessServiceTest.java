package io.stoker.cli.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.cli.CliException;
import io.stoker.cli.output.Console;
import io.stoker.cli.system.PidFile;
import io.stoker.cli.system.PosixHost;
import io.stoker.cli.system.ProcessControl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts and stops real (tiny) processes the way `up` and `down` do with the gateway. */
class ProcessServiceTest {

    @TempDir
    Path tmp;

    final StringWriter err = new StringWriter();
    final Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false, false, Map.of());
    final ProcessControl control = new ProcessControl(PosixHost.create());
    PidFile pidFile;

    @AfterEach
    void killLeftovers() {
        if (pidFile != null) {
            pidFile.read().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private ProcessService service(List<String> command, HealthCheck health, AtomicInteger prepared) {
        return service(command, "sleep", health, prepared);
    }

    private ProcessService service(List<String> command, String marker, HealthCheck health, AtomicInteger prepared) {
        pidFile = new PidFile(tmp.resolve("run/svc.pid"));
        return new ProcessService(new ProcessService.Definition(
                "svc", command, Map.of("SVC_ENV", "yes"), tmp, pidFile, tmp.resolve("logs/svc.log"),
                marker, health, "test://svc", c -> prepared.incrementAndGet(),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), control);
    }

    @Test
    void aProcessItStartedIsWatchedThroughItsHandleNotItsCommandLine() {
        // Just after the start the child's command line may still be the JDK's spawn helper's, without the
        // marker: that must not count as "exited". A marker the command never shows stands for that moment.
        ProcessService s = service(List.of("bash", "-c", "sleep 0.5; echo up; exec sleep 60"), "not-in-the-command",
                () -> logHas("up"), new AtomicInteger());
        s.up(console);
        assertThat(err.toString()).contains("svc: ready at test://svc");
    }

    @Test
    void upStartsDetachedRecordsThePidAndDownStopsIt() throws Exception {
        AtomicInteger prepared = new AtomicInteger();
        // ready while the recorded process lives and has written its log line
        ProcessService s = service(List.of("bash", "-c", "echo started $SVC_ENV; exec sleep 60"),
                () -> logHas("started yes") && pidFile.read().stream()
                        .anyMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)), prepared);
        s.up(console);
        OptionalLong pid = pidFile.read();
        assertThat(pid).isPresent();
        assertThat(prepared).hasValue(1);
        assertThat(ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(s.status().state()).isEqualTo("up");
        assertThat(err.toString()).contains("svc: ready at test://svc");

        // already ready: a second up starts nothing
        s.up(console);
        assertThat(prepared).hasValue(1);
        assertThat(pidFile.read()).isEqualTo(pid);

        s.down(console);
        assertThat(err.toString()).contains("svc: stopped (pid " + pid.getAsLong() + ")");
        assertThat(pidFile.path()).doesNotExist();
        assertThat(ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(s.status().state()).isEqualTo("down");
    }

    @Test
    void aProcessThatDiesEarlyFailsWithItsLogTail() {
        ProcessService s = service(List.of("bash", "-c", "echo boom: port in use; exit 3"), () -> false, new AtomicInteger());
        assertThatThrownBy(() -> s.up(console))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("svc exited before it was ready")
                .hasMessageContaining("boom: port in use");
        assertThat(pidFile.path()).doesNotExist();
    }

    @Test
    void downWithAStalePidFileRemovesItAndSignalsNothing() throws Exception {
        ProcessService s = service(List.of("true"), () -> false, new AtomicInteger());
        Process other = new ProcessBuilder("bash", "-c", "exec -a not-ours cat").start();
        try {
            pidFile.write(other.pid());
            s.down(console);
            assertThat(err.toString()).contains("removed the stale pid file");
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    private boolean logHas(String text) {
        try {
            Path log = tmp.resolve("logs/svc.log");
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
