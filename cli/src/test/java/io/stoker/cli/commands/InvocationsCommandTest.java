package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.cli.CliRunner;

import io.stoker.cli.output.Json;
import java.nio.file.Path;


import org.junit.jupiter.api.Test;


/** {@code stoker invocations} and {@code stoker invocation} against a test double of the gateway's REST API. */
class InvocationsCommandTest extends FakeGatewayTest {

    static final String RECORD = "{\"id\":\"a1b2\",\"function\":\"hello\",\"specHash\":\"sha256:0123456789abcdef0123\","
            + "\"trigger\":\"http\",\"status\":\"success\",\"httpStatus\":200,\"arrival\":\"2026-01-31T12:00:00Z\","
            + "\"start\":\"2026-01-31T12:00:00.001Z\",\"end\":\"2026-01-31T12:00:00.004Z\",\"durationMs\":4.0,"
            + "\"queueWaitMs\":1.0,\"startKind\":\"cold\",\"startTookMs\":850.5,\"instance\":\"m1-1\",\"attempts\":1,"
            + "\"error\":null,\"hasResult\":false}";

    @Test
    void listsAPageWithTheFiltersAsTheQueryAndTheNextCursor() {
        gw.json("GET /v1/invocations", 200, "{\"invocations\":[" + RECORD + "],\"next\":\"NEXT\"}");
        CliRunner.Result r = cli.run("invocations", "hello", "--status", "success", "--since", "10m", "--limit", "1");
        assertThat(r.exitCode()).isZero();
        assertThat(gw.last().query()).isEqualTo("function=hello&status=success&since=10m&limit=1");
        assertThat(gw.last().header("Authorization")).isEqualTo("Bearer t0k");
        assertThat(r.out()).contains("a1b2  hello     http     success  200   cold   4.0  2026-01-31T12:00:00Z")
                .contains("more: add --cursor NEXT");
    }

    @Test
    void listAsJsonIsTheGatewaysJson() throws Exception {
        String page = "{\"invocations\":[" + RECORD + "],\"next\":null}";
        gw.json("GET /v1/invocations", 200, page);
        CliRunner.Result r = cli.run("invocations", "-o", "json", "--cursor", "C1");
        assertThat(Json.MAPPER.readTree(r.out())).isEqualTo(Json.MAPPER.readTree(page));
        assertThat(gw.last().query()).isEqualTo("limit=20&cursor=C1");
    }

    @Test
    void badOptionsAreUsageErrorsThatNeverReachTheGateway() {
        CliRunner.Result r = cli.run("invocations", "--since", "yesterday");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--since 'yesterday' is neither a duration");
        assertThat(cli.run("invocations", "--limit", "0").err()).contains("--limit must be between 1 and 1000");
        assertThat(gw.requests).isEmpty();
    }

    @Test
    void oneCallShowsItsStartAndItsResult() {
        gw.json("GET /v1/invocations/a1b2", 200, RECORD);
        CliRunner.Result r = cli.run("invocation", "a1b2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("status:       success (HTTP 200)")
                .contains("instance:     m1-1 (cold, started in 850.5 ms)")
                .contains("function:     hello (version sha256:0123456789ab)");
        assertThat(cli.run("invocation", "a1b2", "--result").err()).contains("has no result kept");

        gw.json("GET /v1/invocations/async1", 200, RECORD.replace("a1b2", "async1").replace("\"hasResult\":false",
                "\"hasResult\":true,\"result\":{\"headers\":{\"content-type\":\"text/plain\"},\"body\":\"the answer\"}"));
        assertThat(cli.run("invocation", "async1", "--result").out()).isEqualTo("the answer");
        assertThat(cli.run("invocation", "async1").out()).contains("header:       content-type: text/plain");
    }

    @Test
    void anUnknownIdSaysSoAndExitsOne() {
        gw.json("GET /v1/invocations/nope", 404, "{\"error\":\"invocation_not_found\",\"message\":\"no record of a"
                + " call with id 'nope'\"}");
        CliRunner.Result r = cli.run("invocation", "nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no record of a call with id 'nope'");
    }

    @Test
    void logsSinceAskForEveryLineSinceThenAndABadSinceIsAUsageError() {
        gw.on("GET /v1/functions/hello/logs", 200, "text/plain", "[a1b2] late line\n");
        CliRunner.Result r = cli.run("logs", "hello", "--since", "10m");
        assertThat(r.out()).isEqualTo("[a1b2] late line\n");
        assertThat(gw.last().query()).isEqualTo("follow=false&tail=100000&since=10m");
        cli.run("logs", "hello", "--since", "2026-01-31T12:00:00Z", "--tail", "3");
        assertThat(gw.last().query()).isEqualTo("follow=false&tail=3&since=2026-01-31T12%3A00%3A00Z");
        CliRunner.Result bad = cli.run("logs", "hello", "--since", "a while");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--since 'a while' is neither a duration");
    }
}
