package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.cli.CliRunner;
import io.stoker.cli.FakeGateway;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandParsingTest {

    @TempDir
    Path tmp;

    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp);
    }

    @Test
    void badFunctionNameIsAUsageError() {
        CliRunner.Result r = cli.run("describe", "Bad_Name");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'Bad_Name' is not a valid name").contains("Usage: stoker describe");
    }

    @Test
    void unknownTemplateIsAUsageError() {
        CliRunner.Result r = cli.run("init", "hello", "--template", "rust");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--template 'rust' is not one of java, node, python, dockerfile");
    }

    @Test
    void missingCommandAndUnknownOptionAreUsageErrors() {
        assertThat(cli.run().exitCode()).isEqualTo(2);
        CliRunner.Result r = cli.run("list", "--bogus");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void invokeRejectsDataAndFileTogetherAndBadHeaders() {
        assertThat(cli.run("invoke", "f", "-d", "a", "-f", "b").err()).contains("give -d DATA or -f FILE, not both");
        CliRunner.Result r = cli.run("invoke", "f", "-H", "no-colon");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("-H 'no-colon' must look like 'Name: value'");
    }

    @Test
    void pushTargetsMustBeARepositoryWithAHost() {
        CliRunner.Result digest = cli.run("push", "hello", "127.0.0.1:5000/hello@sha256:" + "a".repeat(64));
        assertThat(digest.exitCode()).isEqualTo(2);
        assertThat(digest.err()).contains("must be host[:port]/repository[:tag]");
        CliRunner.Result noHost = cli.run("deploy", tmp.toString(), "--push", "team/hello");
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(noHost.err()).contains("must be host[:port]/repository[:tag]");
        CliRunner.Result bad = cli.run("push", "hello", "127.0.0.1:5000/Hello");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("repository part 'Hello'");
        assertThat(cli.run("deploy", "--image", "x", "--name", "x", "--push", "127.0.0.1:5000/x").err())
                .contains("--push goes with DIR");
    }

    @Test
    void registryLoginTakesThePasswordFromStdinOnly() {
        CliRunner.Result r = cli.run("registry", "login", "127.0.0.1:5000", "-u", "alice", "-p", "secret");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(cli.run("registry").exitCode()).isEqualTo(2);
        assertThat(cli.run("registry", "login", "127.0.0.1:5000", "-u", "alice").err())
                .contains("--password-stdin");
    }

    @Test
    void deployNeedsAFolderOrAnImageWithAName() {
        assertThat(cli.run("deploy").err()).contains("give the function folder");
        CliRunner.Result r = cli.run("deploy", "--image", "nginx:1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--image needs --name NAME");
        assertThat(cli.run("deploy", "--image", "i", "--name", "x", "-e", "NOEQUALS").err())
                .contains("-e 'NOEQUALS' must look like KEY=VALUE");
    }

    @Test
    void badGatewayUrlIsAUsageError() {
        CliRunner.Result r = cli.run("--gateway", "ftp://host", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--gateway 'ftp://host' is not an http:// or https:// URL");
    }

    @Test
    void unreachableGatewaySaysToRunUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRunner.Result r = cli.gateway("http://127.0.0.1:" + port).run("list");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: cannot reach the gateway at http://127.0.0.1:" + port
                + ": run `bin/stoker up` (or point --gateway / STOKER_GATEWAY at a running gateway)\n");
    }

    @Test
    void gatewayOptionWorksBeforeAndAfterTheCommand() throws Exception {
        try (FakeGateway gw = new FakeGateway()) {
            gw.json("GET /v1/functions", 200, "{\"functions\":[]}");
            cli.gateway("http://127.0.0.1:1");
            assertThat(cli.run("--gateway", gw.url(), "list").exitCode()).isZero();
            assertThat(cli.run("list", "--gateway", gw.url()).exitCode()).isZero();
            assertThat(gw.requests).hasSize(2);
        }
    }

    @Test
    void upAndDownRefuseNonRoot() {
        cli.host.uid = 1000;
        cli.repo = tmp;
        CliRunner.Result up = cli.run("up");
        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("you are uid 1000").contains("run as root: sudo bin/stoker up");
        assertThat(cli.run("down").err()).contains("run as root: sudo bin/stoker down");
    }

    @Test
    void commandsNeedingTheRepositorySayHowToGetIt() {
        CliRunner.Result r = cli.run("init", "hello", "--template", "java", "--dir", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("run the CLI through bin/stoker");
    }
}
