package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliRunner;

import io.stoker.cli.output.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;


import org.junit.jupiter.api.Test;


/** secret, token and audit against a test double of the gateway's REST API: what is sent, and what is printed. */
class SecurityCommandsTest extends FakeGatewayTest {

    @Test
    void secretCreateSendsLiteralsAndFilesInBase64AndPrintsNoValue() throws Exception {
        Path file = Files.writeString(tmp.resolve("cert.pem"), "file-value");
        gw.json("POST /v1/secrets/db", 201, "{\"name\":\"db\",\"keys\":[\"cert\",\"password\"]}");
        CliRunner.Result r = cli.run("secret", "create", "db", "--from-literal", "password=lit-value",
                "--from-file", "cert=" + file);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode data = Json.MAPPER.readTree(gw.last().bodyText()).path("data");
        assertThat(new String(Base64.getDecoder().decode(data.path("password").asText()), StandardCharsets.UTF_8))
                .isEqualTo("lit-value");
        assertThat(new String(Base64.getDecoder().decode(data.path("cert").asText()), StandardCharsets.UTF_8))
                .isEqualTo("file-value");
        assertThat(r.out() + r.err()).doesNotContain("lit-value").doesNotContain("file-value").contains("secrets: [db]");

        CliRunner.Result bad = cli.run("secret", "create", "db", "--from-literal", "no-equals-sign-value");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("KEY=VALUE").doesNotContain("no-equals-sign-value");
    }

    @Test
    void secretUpdateReportsEachRollAndFailsWhenOneFailed() {
        gw.json("PUT /v1/secrets/db", 200, "{\"name\":\"db\",\"keys\":[\"p\"],\"rolled\":{\"a\":\"rolled\","
                + "\"b\":\"failed: not ready\"}}");
        CliRunner.Result r = cli.run("secret", "update", "db", "--from-literal", "p=v");
        assertThat(r.out()).contains("a: rolled").contains("b: failed: not ready");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void tokenCreatePrintsTheTokenOnceAndListShowsIds() {
        gw.json("POST /v1/tokens", 201, "{\"id\":\"abc\",\"scope\":\"invoke\",\"functions\":[\"f\"],"
                + "\"expiresAt\":\"2027-01-01T00:00:00Z\",\"token\":\"stk_abc_xyz\"}");
        CliRunner.Result r = cli.run("token", "create", "--scope", "invoke", "--function", "f", "--expires", "30d");
        assertThat(r.out()).isEqualTo("stk_abc_xyz\n");
        assertThat(r.err()).contains("not shown again");
        assertThat(gw.last().bodyText()).contains("\"scope\":\"invoke\"").contains("\"functions\":[\"f\"]")
                .contains("\"expires\":\"30d\"");
        gw.json("GET /v1/tokens", 200, "{\"tokens\":[{\"id\":\"abc\",\"scope\":\"read\",\"functions\":[],"
                + "\"createdAt\":\"2026-12-01T00:00:00Z\",\"expiresAt\":null,\"expired\":false}]}");
        assertThat(cli.run("token", "list").out()).contains("abc").contains("read").contains("never");
        gw.json("DELETE /v1/tokens/abc", 200, "{\"revoked\":\"abc\"}");
        assertThat(cli.run("token", "revoke", "abc").out()).isEqualTo("revoked token abc\n");
    }

    @Test
    void auditAsksSinceAndPrintsATableOrJson() throws Exception {
        String body = "{\"entries\":[{\"at\":\"2026-12-01T00:00:00Z\",\"tokenId\":\"abc\",\"scope\":\"read\","
                + "\"method\":\"DELETE\",\"path\":\"/v1/functions/x\",\"status\":403,\"outcome\":\"denied\"}]}";
        gw.json("GET /v1/audit", 200, body);
        CliRunner.Result r = cli.run("audit", "--since", "10m");
        assertThat(r.out()).contains("DELETE /v1/functions/x").contains("denied");
        assertThat(gw.last().query()).isEqualTo("since=10m");
        assertThat(Json.MAPPER.readTree(cli.run("audit", "-o", "json").out())).isEqualTo(Json.MAPPER.readTree(body));
    }
}
