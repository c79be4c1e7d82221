package io.stoker.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real processes and real signals, through jnr-posix. */
class ProcessControlTest {

    final PosixHost host = PosixHost.create();
    final ProcessControl control = new ProcessControl(host);
    Process process;

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private Process start(String... cmd) throws Exception {
        process = new ProcessBuilder(List.of(cmd)).start();
        return process;
    }

    @Test
    void sigtermStopsAWellBehavedProcess() throws Exception {
        Process p = start("sleep", "60");
        assertThat(control.isOurs(p.pid(), "sleep")).isTrue();
        assertThat(control.stop(p.pid(), Duration.ofSeconds(5))).isEqualTo(ProcessControl.Outcome.TERMINATED);
        assertThat(p.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(host.alive(p.pid())).isFalse();
    }

    @Test
    void sigkillAfterTheGraceWhenSigtermIsIgnored() throws Exception {
        // an ignored signal stays ignored across exec, so this sleep shrugs off SIGTERM
        Process p = start("bash", "-c", "trap '' TERM; exec sleep 60");
        Thread.sleep(200);
        assertThat(control.stop(p.pid(), Duration.ofMillis(300))).isEqualTo(ProcessControl.Outcome.KILLED);
        assertThat(p.waitFor(2, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aGonePidIsNotRunningAndAForeignCommandIsNotOurs() throws Exception {
        Process p = start("sleep", "60");
        assertThat(control.isOurs(p.pid(), "quarkus-run.jar")).isFalse();
        p.destroyForcibly().waitFor();
        assertThat(control.stop(p.pid(), Duration.ofSeconds(1))).isEqualTo(ProcessControl.Outcome.NOT_RUNNING);
    }

    @Test
    void hostReportsRootAndNoTerminalUnderTheTestRunner() {
        assertThat(host.effectiveUid()).isEqualTo((int) new com.sun.security.auth.module.UnixSystem().getUid());
        assertThat(host.isatty(1)).isEqualTo(System.console() != null && host.isatty(1));
    }
}
