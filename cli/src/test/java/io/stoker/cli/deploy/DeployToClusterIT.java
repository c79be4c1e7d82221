package io.stoker.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliRunner;
import io.stoker.cli.RealGateway;
import io.stoker.cli.output.Json;
import io.stoker.runtime.engine.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying source to a gateway that cannot build (a cluster's, stood in by a gateway with builds off: no Kubernetes
 * API server can run here): a plain {@code stoker deploy DIR} is refused with the command to run instead, and
 * {@code stoker deploy DIR --push REPO} builds and pushes through the local gateway (to a real registry, Debian's
 * docker-registry) and deploys the digest on the other gateway, which then serves it; the local one deploys nothing.
 */
class DeployToClusterIT {

    static final String NAME = "cluster-hello-" + ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    @Test
    void sourceForAGatewayThatCannotBuildIsBuiltAndPushedLocallyAndDeployedThereByDigest() throws Exception {
        Path fn = copyOfPythonHello(tmp.resolve(NAME));
        try (LocalRegistry registry = LocalRegistry.open("cli-cluster-" + ProcessHandle.current().pid());
             RealGateway local = RealGateway.start("cluster-local");
             RealGateway cluster = RealGateway.start("cluster-target", Map.of("STOKER_BUILD_ENABLED", "false"))) {
            CliRunner cli = new CliRunner(tmp);
            cli.env.put("STOKER_HOME", local.home.toString()); // the local gateway's token, as bin/stoker up leaves it
            cli.env.put("STOKER_TOKEN", Files.readString(cluster.home.resolve("token")).strip());
            cli.env.put("STOKER_BUILD_GATEWAY", local.url());

            CliRunner.Result plain = cli.run("--gateway", cluster.url(), "deploy", fn.toString());
            assertThat(plain.exitCode()).as(plain.out() + plain.err()).isEqualTo(2);
            assertThat(plain.err()).contains("does not build from source")
                    .contains("stoker deploy " + fn + " --push REPO --gateway " + cluster.url());

            String repo = registry.host() + "/stoker-test/" + NAME;
            CliRunner.Result pushed = cli.run("--gateway", cluster.url(), "deploy", fn.toString(), "--push", repo);
            assertThat(pushed.exitCode()).as(pushed.out() + pushed.err() + cluster.log()).isZero();
            assertThat(pushed.out()).contains("deployed " + NAME + " (image " + repo + "@sha256:");

            JsonNode there = Json.MAPPER.readTree(cli.run("--gateway", cluster.url(), "describe", NAME, "-o", "json")
                    .out());
            assertThat(there.path("image").asText()).startsWith(repo + "@sha256:");
            CliRunner.Result call = cli.run("--gateway", cluster.url(), "invoke", NAME, "-d", "to the cluster");
            assertThat(call.exitCode()).as(call.out() + call.err()).isZero();
            assertThat(call.out()).contains("to the cluster");

            // The local gateway built and pushed only.
            cli.env.put("STOKER_TOKEN", Files.readString(local.home.resolve("token")).strip());
            CliRunner.Result locally = cli.run("--gateway", local.url(), "describe", NAME);
            assertThat(locally.exitCode()).as(locally.out() + locally.err()).isNotZero();
            assertThat(locally.err()).contains("no function named");
        } finally {
            // Every tag of the image this run built (stoker-fn/NAME:hash and the pushed REPO:hash): one image id.
            for (String id : RealGateway.docker("images", "-q", "stoker-fn/" + NAME).split("\\s+")) {
                if (!id.isBlank()) {
                    RealGateway.docker("rmi", "-f", id);
                }
            }
        }
    }

    private static Path copyOfPythonHello(Path to) throws Exception {
        Path src = RealGateway.repo().resolve("function-templates/examples/python-hello");
        Files.createDirectories(to);
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                }
            }
        }
        Path yaml = to.resolve("stoker.yaml");
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("(?m)^name:.*$", "name: " + NAME));
        return to;
    }
}
