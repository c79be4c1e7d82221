package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.cli.CliRunner;
import io.stoker.cli.FakeGateway;
import java.nio.file.Files;
import java.nio.file.Path;


import org.junit.jupiter.api.Test;


class InvokeCommandTest extends FakeGatewayTest {

    @Test
    void getWithoutDataPostWithData() {
        gw.on("GET /function/hello/", 200, "text/plain", "hi there");
        gw.on("POST /function/hello/", 200, "text/plain", "echo");
        CliRunner.Result get = cli.run("invoke", "hello");
        assertThat(get.exitCode()).isZero();
        assertThat(get.out()).isEqualTo("hi there");
        CliRunner.Result post = cli.run("invoke", "hello", "-d", "{\"a\":1}");
        assertThat(post.out()).isEqualTo("echo");
        assertThat(gw.last().method()).isEqualTo("POST");
        assertThat(gw.last().bodyText()).isEqualTo("{\"a\":1}");
        assertThat(gw.last().header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void theManagementTokenNeverReachesAFunction() {
        cli.env.put("STOKER_TOKEN", "management-secret");
        gw.on("GET /function/hello/", 200, "text/plain", "hi");
        assertThat(cli.run("invoke", "hello").exitCode()).isZero();
        assertThat(gw.last().header("Authorization")).isNull();
    }

    @Test
    void methodPathHeadersAndFileBody() throws Exception {
        Path body = Files.writeString(tmp.resolve("b.bin"), "file body");
        gw.on("PUT /function/hello/items/7", 200, "text/plain", "ok");
        CliRunner.Result r = cli.run("invoke", "hello", "-X", "put", "--path", "/items/7?x=1",
                "-f", body.toString(), "-H", "X-Trace: abc", "-H", "Content-Type: text/csv");
        assertThat(r.exitCode()).as(r.err()).isZero();
        FakeGateway.Request req = gw.last();
        assertThat(req.method()).isEqualTo("PUT");
        assertThat(req.query()).isEqualTo("x=1");
        assertThat(req.header("X-Trace")).isEqualTo("abc");
        assertThat(req.header("Content-Type")).isEqualTo("text/csv");
        assertThat(req.bodyText()).isEqualTo("file body");
    }

    @Test
    void nonTwoHundredPrintsTheBodyThenExitsOneWithTheStatus() {
        gw.on("POST /function/hello/", 502, "application/json", "{\"error\":\"instance_crashed\"}");
        CliRunner.Result r = cli.run("invoke", "hello", "-d", "x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("{\"error\":\"instance_crashed\"}");
        assertThat(r.err()).isEqualTo("error: hello answered HTTP 502\n");
    }

    @Test
    void missingFileIsAnError() {
        CliRunner.Result r = cli.run("invoke", "hello", "-f", tmp.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read");
        assertThat(gw.requests).isEmpty();
    }

    @Test
    void asyncPrintsTheCallIdAndSendsTheCallback() {
        gw.on("POST /async-function/hello/", 202, "application/json", "{\"callId\":\"c-1\"}",
                java.util.Map.of("X-Call-Id", "c-1"));
        CliRunner.Result r = cli.run("invoke", "hello", "--async", "--callback", "http://127.0.0.1:9/cb", "-d", "x");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("c-1");
        assertThat(gw.last().header("X-Callback-Url")).isEqualTo("http://127.0.0.1:9/cb");
        assertThat(gw.last().bodyText()).isEqualTo("x");
    }

    @Test
    void anAsyncCallTurnedAwaySaysWhyAndFails() {
        gw.json("POST /async-function/nope/", 404, "{\"error\":\"function_not_found\",\"message\":\"no function\"}");
        CliRunner.Result r = cli.run("invoke", "nope", "--async", "-d", "x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("404");
    }

    @Test
    void aCallbackWithoutAsyncIsAUsageError() {
        CliRunner.Result r = cli.run("invoke", "hello", "--callback", "http://127.0.0.1:9/cb");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--async");
    }
}
