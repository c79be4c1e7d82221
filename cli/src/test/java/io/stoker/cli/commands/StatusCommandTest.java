package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliRunner;
import io.stoker.cli.FakeGateway;
import io.stoker.cli.output.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

    @TempDir
    Path tmp;

    @Test
    void oneLinePerServiceAndTheFunctionsCount() throws Exception {
        try (FakeGateway gw = readyGateway("{\"functions\":[{\"name\":\"a\"},{\"name\":\"b\"}]}")) {
            CliRunner cli = cliWithoutEngine(gw);
            // a port where no broker answers, whatever runs on this machine
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                cli.env.put("STOKER_KAFKA_PORT", Integer.toString(s.getLocalPort()));
            }
            CliRunner.Result r = cli.run("status", "-o", "json");
            // the engine is down, so status is not all green
            assertThat(r.exitCode()).isEqualTo(1);
            JsonNode services = Json.MAPPER.readTree(r.out()).get("services");
            assertThat(services.get(0).get("state").asText()).isEqualTo("down");
            assertThat(services.get(0).get("detail").asText()).contains("no engine socket at " + tmp.resolve("no.sock"));
            assertThat(services.get(1).get("name").asText()).isEqualTo("kafka");
            assertThat(services.get(1).get("state").asText()).isEqualTo("down");
            assertThat(services.get(2).get("state").asText()).isEqualTo("up");
            assertThat(services.get(3).get("detail").asText()).isEqualTo("2 deployed");

            CliRunner.Result table = cli.run("status");
            assertThat(table.out()).contains("gateway    up     ready at " + gw.url());
        }
    }

    @Test
    void aBrokerLeftOutByUpNoKafkaIsOffNotAFailure() throws Exception {
        try (FakeGateway gw = readyGateway("{\"functions\":[]}")) {
            CliRunner cli = cliWithoutEngine(gw);
            io.stoker.cli.services.KafkaChoice.remember(tmp.resolve("home"), false);
            cli.env.put("STOKER_HOME", tmp.resolve("home").toString());
            JsonNode services = Json.MAPPER.readTree(cli.run("status", "-o", "json").out()).get("services");
            assertThat(services.get(1).get("name").asText()).isEqualTo("kafka");
            assertThat(services.get(1).get("state").asText()).isEqualTo("off");
            assertThat(services.get(1).get("detail").asText()).contains("--no-kafka");
            // only the engine (down here) makes the exit code 1; the broker left out does not
            assertThat(cli.run("status").exitCode()).isEqualTo(1);
            io.stoker.cli.services.KafkaChoice.remember(tmp.resolve("home"), true);
            assertThat(Json.MAPPER.readTree(cli.run("status", "-o", "json").out()).get("services").get(1)
                    .get("state").asText()).isNotEqualTo("off");
        }
    }

    /** A gateway that is ready and lists these functions. */
    private static FakeGateway readyGateway(String functions) throws Exception {
        FakeGateway gw = new FakeGateway();
        gw.json("GET /q/health/ready", 200, "{\"status\":\"UP\"}");
        gw.json("GET /v1/functions", 200, functions);
        return gw;
    }

    /** The CLI against that gateway, with an engine socket that does not exist. */
    private CliRunner cliWithoutEngine(FakeGateway gw) {
        CliRunner cli = new CliRunner(tmp).gateway(gw.url());
        cli.repo = tmp;
        cli.env.put("DOCKER_HOST", "unix://" + tmp.resolve("no.sock"));
        return cli;
    }
}
