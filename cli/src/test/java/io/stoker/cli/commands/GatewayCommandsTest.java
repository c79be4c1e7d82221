package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliRunner;
import io.stoker.cli.FakeGateway;
import io.stoker.cli.output.Json;
import java.nio.file.Files;
import java.nio.file.Path;


import org.junit.jupiter.api.Test;


/** list, describe, delete, logs and deploy against a test double of the gateway's REST API. */
class GatewayCommandsTest extends FakeGatewayTest {

    static final String FN = "{\"name\":\"hello\",\"image\":\"stoker-fn/hello:abc\","
            + "\"url\":\"http://127.0.0.1:8080/function/hello\",\"spec\":{},\"instances\":[],\"queued\":0}";

    @Test
    void listPrintsATableAndSendsTheToken() {
        gw.json("GET /v1/functions", 200, "{\"functions\":[" + FN + "]}");
        CliRunner.Result r = cli.run("list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("hello  stoker-fn/hello:abc  0/0").contains("/function/hello");
        assertThat(gw.last().header("Authorization")).isEqualTo("Bearer t0k");
    }

    @Test
    void listAsJsonIsTheGatewaysJson() throws Exception {
        gw.json("GET /v1/functions", 200, "{\"functions\":[" + FN + "]}");
        CliRunner.Result r = cli.run("list", "-o", "json");
        JsonNode printed = Json.MAPPER.readTree(r.out());
        assertThat(printed).isEqualTo(Json.MAPPER.readTree("{\"functions\":[" + FN + "]}"));
    }

    @Test
    void gatewayErrorsShowTheirMessageAndExitOne() {
        gw.json("GET /v1/functions/nope", 404, "{\"error\":\"not_found\",\"message\":\"no function named nope\"}");
        CliRunner.Result r = cli.run("describe", "nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: no function named nope\n");
    }

    @Test
    void unauthorizedSaysWhereTheTokenComesFrom() {
        gw.json("GET /v1/functions", 401, "{\"error\":\"unauthorized\",\"message\":\"bad token\"}");
        CliRunner.Result r = cli.run("list");
        assertThat(r.err()).contains("bad token (the token comes from $STOKER_TOKEN or " + tmp.resolve(".stoker/token"));
    }

    @Test
    void describeAsJsonAndDelete() throws Exception {
        gw.json("GET /v1/functions/hello", 200, FN);
        gw.json("DELETE /v1/functions/hello", 200, "{\"deleted\":\"hello\"}");
        assertThat(Json.MAPPER.readTree(cli.run("describe", "hello", "-o", "json").out()).get("image").asText())
                .isEqualTo("stoker-fn/hello:abc");
        CliRunner.Result r = cli.run("delete", "hello");
        assertThat(r.out()).isEqualTo("deleted hello\n");
        assertThat(gw.last().method()).isEqualTo("DELETE");
    }

    @Test
    void logsPassesFollowAndTailAndPrintsLines() {
        gw.on("GET /v1/functions/hello/logs", 200, "text/plain", "a1b2 started\na1b2 hello\n");
        CliRunner.Result r = cli.run("logs", "hello", "-f", "--tail", "5");
        assertThat(r.out()).isEqualTo("a1b2 started\na1b2 hello\n");
        assertThat(gw.last().query()).isEqualTo("follow=true&tail=5");
    }

    private Path function(String yaml) throws Exception {
        Path dir = tmp.resolve("fn");
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("stoker.yaml"), yaml);
        Files.writeString(dir.resolve("target/junk"), "x");
        return dir;
    }

    @Test
    void deployFolderUploadsTarGzAndPrintsTheUrl() throws Exception {
        Path dir = function("name: hello\ntemplate: dockerfile\n");
        gw.on("POST /v1/functions/hello/source", 200, "application/x-ndjson",
                "{\"event\":\"progress\",\"message\":\"Step 1/1 : FROM x\"}\n"
                        + "{\"event\":\"built\",\"image\":\"stoker-fn/hello:abc\"}\n"
                        + "{\"event\":\"ready\",\"function\":" + FN + "}\n");
        CliRunner.Result r = cli.run("deploy", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("url: http://127.0.0.1:8080/function/hello").contains("try: stoker invoke hello");
        assertThat(r.err()).contains("Step 1/1 : FROM x").contains("built stoker-fn/hello:abc");
        FakeGateway.Request up = gw.last();
        assertThat(up.header("Content-Type")).isEqualTo("application/gzip");
        assertThat(io.stoker.cli.deploy.SourcePackerTest.entries(up.body()).keySet()).containsExactly("stoker.yaml");
    }

    @Test
    void deployStreamErrorExitsOne() throws Exception {
        Path dir = function("name: hello\ntemplate: dockerfile\n");
        gw.on("POST /v1/functions/hello/source", 200, "application/x-ndjson",
                "{\"event\":\"error\",\"error\":\"build_failed\",\"message\":\"no Dockerfile\"}\n");
        CliRunner.Result r = cli.run("deploy", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: deploying hello failed: no Dockerfile (build_failed)");
    }

    @Test
    void aPlainErrorBeforeTheStreamIsShown() throws Exception {
        Path dir = function("name: hello\ntemplate: dockerfile\n");
        gw.json("POST /v1/functions/hello/source", 413, "{\"error\":\"too_large\",\"message\":\"upload over 128M\"}");
        CliRunner.Result r = cli.run("deploy", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).endsWith("error: upload over 128M\n");
    }

    @Test
    void invalidManifestFailsLocallyWithoutUploading() throws Exception {
        Path dir = function("name: hello\ntemplate: java\nhandler: a.B\nlimits:\n  memory: lots\n");
        CliRunner.Result r = cli.run("deploy", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("stoker.yaml: ").contains("limits.memory");
        assertThat(gw.requests).isEmpty();
    }

    @Test
    void deployImagePutsASpec() throws Exception {
        gw.json("PUT /v1/functions/web", 201, FN.replace("hello", "web"));
        CliRunner.Result r = cli.run("deploy", "--image", "stoker/nginx:bookworm", "--name", "web", "--port", "80", "-e", "A=1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode sent = Json.MAPPER.readTree(gw.last().body());
        assertThat(sent).isEqualTo(Json.MAPPER.readTree(
                "{\"name\":\"web\",\"image\":\"stoker/nginx:bookworm\",\"port\":80,\"env\":{\"A\":\"1\"}}"));
        assertThat(r.out()).contains("url: http://127.0.0.1:8080/function/web");
    }
}
