package io.stoker.cli.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stoker.cli.CliContext;
import io.stoker.cli.CliException;
import io.stoker.cli.FakeHost;
import io.stoker.cli.gateway.GatewayConfig;
import io.stoker.cli.output.Console;
import io.stoker.cli.system.PosixHost;
import io.stoker.cli.system.ProcessControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path tmp;

    final StringWriter err = new StringWriter();
    final Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false, false, Map.of());

    @Test
    void theBrokerRunsFromTheFilesKafkaShWritesWithTheSharedPidFile() {
        Path home = tmp.resolve("home");
        ProcessService.Definition d = KafkaBroker.definition(
                Map.of("STOKER_KAFKA_PORT", "19092", "STOKER_KAFKA_HEAP", "256m", "UNRELATED", "x"), tmp, home);
        assertThat(d.name()).isEqualTo("kafka");
        assertThat(d.command().get(0)).endsWith("/bin/java");
        assertThat(d.command().subList(1, 4)).containsExactly(
                "@" + home.resolve("kafka/jvm.args"), "kafka.Kafka", home.resolve("kafka/server.properties").toString());
        assertThat(d.pidFile().path()).isEqualTo(home.resolve("run/kafka.pid"));
        assertThat(d.logFile()).isEqualTo(home.resolve("logs/kafka.log"));
        assertThat(d.marker()).isEqualTo("kafka.Kafka");
        assertThat(d.where()).isEqualTo("127.0.0.1:19092");
        assertThat(d.env()).containsEntry("STOKER_HOME", home.toString())
                .containsEntry("STOKER_KAFKA_PORT", "19092")
                .containsEntry("STOKER_KAFKA_HEAP", "256m")
                .doesNotContainKey("UNRELATED");
        assertThat(d.readyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.stopGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void thePortComesFromTheEnvironmentAndBadValuesAreNamed() {
        assertThat(KafkaBroker.port(Map.of())).isEqualTo(9092);
        assertThat(KafkaBroker.port(Map.of("STOKER_KAFKA_PORT", " 29092 "))).isEqualTo(29092);
        for (String bad : List.of("abc", "0", "70000", "-1")) {
            assertThatThrownBy(() -> KafkaBroker.port(Map.of("STOKER_KAFKA_PORT", bad)))
                    .isInstanceOf(CliException.class)
                    .hasMessage("STOKER_KAFKA_PORT='" + bad + "' is not a port number (1-65535)");
        }
    }

    @Test
    void prepareRunsKafkaShPrepareWithTheHomeAndPort() throws Exception {
        Path script = tmp.resolve("deploy/kafka/kafka.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "echo \"args=$* home=$STOKER_HOME port=$STOKER_KAFKA_PORT\" > \"$STOKER_HOME.seen\"\n"
                + "echo gathered the jars\n");
        Path home = tmp.resolve("home");
        ProcessService.Definition d = KafkaBroker.definition(Map.of("STOKER_KAFKA_PORT", "19092"), tmp, home);
        d.prepare().accept(console);
        assertThat(Files.readString(tmp.resolve("home.seen")).strip())
                .isEqualTo("args=prepare home=" + home + " port=19092");
        assertThat(err.toString()).contains("running deploy/kafka/kafka.sh prepare").contains("gathered the jars");

        Files.writeString(script, "echo no java here; exit 4\n");
        assertThatThrownBy(() -> d.prepare().accept(console))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("kafka.sh prepare failed (exit 4)");
    }

    @Test
    void theBrokerStartsBeforeTheGatewayAndCanBeLeftOut() {
        Map<String, String> env = Map.of("STOKER_HOME", tmp.toString(), "DOCKER_HOST", "unix://" + tmp.resolve("no.sock"));
        CliContext ctx = new CliContext(env, Optional.of(tmp), tmp, console, new FakeHost(), CliContext.defaultHttp());
        GatewayConfig cfg = GatewayConfig.resolve(null, env, tmp);
        assertThat(Services.all(ctx, cfg, false).stream().map(Service::name)).containsExactly("engine", "kafka", "gateway");
        assertThat(Services.all(ctx, cfg, false, false).stream().map(Service::name)).containsExactly("engine", "kafka", "gateway");
        assertThat(Services.all(ctx, cfg, false, false).get(1).status().isOff()).as("the broker left out").isTrue();
    }

    /**
     * The real broker from Maven Central through the real kafka.sh, on free ports in a temporary
     * home: about 30 s; the cli pom sets {@code -Dstoker.kafka.it=true}, so the test command runs it.
     */
    @Test
    void aRealBrokerComesUpAnswersAndGoesDown() throws Exception {
        assumeTrue(Boolean.getBoolean("stoker.kafka.it"), "set -Dstoker.kafka.it=true to run the real broker");
        Path repo = Path.of("..").toRealPath();
        Path home = tmp.resolve("home");
        Map<String, String> env = Map.of(
                "STOKER_KAFKA_PORT", Integer.toString(freePort()),
                "STOKER_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                "STOKER_KAFKA_HEAP", "384m");
        ProcessService.Definition d = KafkaBroker.definition(env, repo, home);
        ProcessService broker = new ProcessService(d, new ProcessControl(PosixHost.create()));
        try {
            assertThat(broker.status().state()).isEqualTo("down");
            broker.up(console);
            OptionalLong pid = d.pidFile().read();
            assertThat(pid).isPresent();
            assertThat(d.health().ready()).isTrue();
            assertThat(broker.status().state()).isEqualTo("up");
            assertThat(broker.status().detail()).contains("pid " + pid.getAsLong()).contains("ready at " + d.where());
            assertThat(home.resolve("kafka/data/meta.properties")).exists();

            broker.down(console);
            assertThat(err.toString()).contains("kafka: stopped (pid " + pid.getAsLong() + ")");
            assertThat(d.pidFile().path()).doesNotExist();
            assertThat(d.health().ready()).isFalse();
        } finally {
            d.pidFile().read().ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
