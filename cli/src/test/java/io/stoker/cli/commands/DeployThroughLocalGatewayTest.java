package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliRunner;
import io.stoker.cli.FakeGateway;
import io.stoker.cli.output.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stoker deploy DIR} to a gateway that says it does not build, against two test doubles of the gateway's API
 * (the real thing: DeployToClusterIT): which gateway gets which request, with which token, and what the CLI says.
 */
class DeployThroughLocalGatewayTest {

    static final String BY_DIGEST = "127.0.0.1:5000/team/hello@sha256:" + "ab".repeat(32);

    @TempDir
    Path tmp;

    FakeGateway cluster;
    FakeGateway local;
    CliRunner cli;
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new FakeGateway();
        local = new FakeGateway();
        cluster.json("GET /v1/gateway", 200, "{\"builds\":false,\"registry\":\"kubernetes\"}");
        cli = new CliRunner(tmp).gateway(cluster.url());
        cli.env.put("STOKER_TOKEN", "cluster-token");
        cli.env.put("STOKER_BUILD_GATEWAY", local.url());
        Files.createDirectories(tmp.resolve(".stoker"));
        Files.writeString(tmp.resolve(".stoker/token"), "local-token\n");
        dir = Files.createDirectories(tmp.resolve("hello"));
        Files.writeString(dir.resolve("stoker.yaml"), "name: hello\ntemplate: dockerfile\n");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
        local.close();
    }

    @Test
    void aPlainDeploySaysWhatToRunInsteadAndUploadsNothing() {
        CliRunner.Result r = cli.run("deploy", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("does not build from source")
                .contains("stoker deploy " + dir + " --push REPO --gateway " + cluster.url());
        assertThat(cluster.requests).extracting(FakeGateway.Request::path).containsExactly("/v1/gateway");
        assertThat(local.requests).isEmpty();
    }

    @Test
    void withPushTheLocalGatewayBuildsAndPushesOnlyAndTheClusterDeploysTheDigest() throws Exception {
        local.on("POST /v1/functions/hello/source", 200, "application/x-ndjson",
                "{\"event\":\"built\",\"image\":\"stoker-fn/hello:abc\"}\n"
                        + "{\"event\":\"pushed\",\"target\":\"127.0.0.1:5000/team/hello:abc\",\"reference\":\""
                        + BY_DIGEST + "\"}\n"
                        + "{\"event\":\"done\",\"spec\":{\"name\":\"hello\",\"template\":\"dockerfile\",\"image\":\""
                        + BY_DIGEST + "\"}}\n");
        cluster.on("PUT /v1/functions/hello", 200, "application/x-ndjson",
                "{\"event\":\"ready\",\"function\":{\"name\":\"hello\",\"image\":\"" + BY_DIGEST + "\",\"url\":\""
                        + cluster.url() + "/function/hello\"}}\n");

        CliRunner.Result r = cli.run("deploy", dir.toString(), "--push", "127.0.0.1:5000/team/hello");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("deployed hello (image " + BY_DIGEST + ")")
                .contains("url: " + cluster.url() + "/function/hello");

        FakeGateway.Request build = local.last();
        assertThat(build.query()).isEqualTo("push=127.0.0.1%3A5000%2Fteam%2Fhello&deploy=false");
        assertThat(build.header("Authorization")).as("the local gateway's own token").isEqualTo("Bearer local-token");
        FakeGateway.Request deploy = cluster.last();
        assertThat(deploy.method()).isEqualTo("PUT");
        assertThat(deploy.header("Authorization")).isEqualTo("Bearer cluster-token");
        JsonNode spec = Json.MAPPER.readTree(deploy.bodyText());
        assertThat(spec.path("image").asText()).isEqualTo(BY_DIGEST);
    }

    @Test
    void aBuildGatewayThatIsTheTargetItselfIsRefused() {
        cli.env.put("STOKER_BUILD_GATEWAY", cluster.url());
        CliRunner.Result r = cli.run("deploy", dir.toString(), "--push", "127.0.0.1:5000/team/hello");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot build for itself").contains("--build-gateway");
    }

    @Test
    void aGatewayThatBuildsIsDeployedToAsBeforeAndRefusesABuildGateway() {
        cluster.json("GET /v1/gateway", 200, "{\"builds\":true,\"registry\":\"disk\"}");
        CliRunner.Result r = cli.run("deploy", dir.toString(), "--build-gateway", local.url());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--build-gateway is for a gateway that cannot build");
        assertThat(local.requests).isEmpty();
    }
}
