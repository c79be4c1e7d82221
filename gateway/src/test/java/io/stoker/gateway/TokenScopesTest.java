package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scoped tokens on the real gateway: each scope against each kind of route (2xx, or 403 naming the scope the call
 * needed), a token for other functions, revocation, and the audit log of it all (token ids, never tokens).
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class TokenScopesTest {

    /** One kind of route: the call, and the scope it needs. */
    private record Route(String name, String needs, java.util.function.Function<String, Response> call) {}

    @Test
    void eachScopeMakesTheCallsItGrantsAndGets403NamingTheScopeForTheRest() throws Exception {
        TestApi.deployReady("scoped", TestFunctions.probe("scoped", "auth: token"));
        String spec = TestApi.describe("scoped").path("spec").toString();
        TestApi.api().contentType("application/json").body(SecretsTest.data("k", "v")).post("/v1/secrets/victim")
                .then().statusCode(201);
        List<Route> routes = List.of(
                new Route("list functions", "read", t -> as(t).get("/v1/functions")),
                new Route("deploy (unchanged)", "deploy",
                        t -> as(t).contentType("application/json").body(spec).put("/v1/functions/scoped")),
                new Route("create a secret", "deploy", t -> as(t).contentType("application/json")
                        .body(SecretsTest.data("k", "v")).post("/v1/secrets/by-" + t.substring(4, 16))),
                new Route("delete a secret", "admin", t -> as(t).delete("/v1/secrets/victim")),
                new Route("list tokens", "admin", t -> as(t).get("/v1/tokens")),
                new Route("read the audit log", "admin", t -> as(t).get("/v1/audit")),
                new Route("invoke", "invoke", t -> as(t).get("/function/scoped/headers")));
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String scope : List.of("read", "deploy", "invoke", "admin")) {
            tokens.put(scope, InvokeAuthTest.token("{\"scope\": \"" + scope + "\""
                    + (scope.equals("invoke") ? ", \"functions\": [\"scoped\"]" : "") + "}"));
        }
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            for (Route r : routes) {
                Response answer = r.call().apply(t.getValue());
                boolean granted = t.getKey().equals("admin") || t.getKey().equals(r.needs())
                        || t.getKey().equals("deploy") && r.needs().equals("read");
                String what = t.getKey() + " token: " + r.name() + " -> " + answer.asString();
                if (granted) {
                    assertThat(answer.statusCode() / 100).as(what).isEqualTo(2);
                } else {
                    assertThat(answer.statusCode()).as(what).isEqualTo(403);
                    if (!r.needs().equals("invoke")) {
                        assertThat(answer.jsonPath().getString("neededScope")).as(what).isEqualTo(r.needs());
                    }
                    assertThat(answer.jsonPath().getString("error")).as(what).isEqualTo("forbidden");
                }
            }
        }

        String forOther = InvokeAuthTest.token("{\"scope\": \"deploy\", \"functions\": [\"other\"]}");
        Response other = as(forOther).contentType("application/json").body(spec).put("/v1/functions/scoped");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.jsonPath().getString("function")).isEqualTo("scoped");
        assertThat(as(forOther).get("/v1/functions").statusCode()).isEqualTo(200);

        JsonNode list = TestApi.readJson(TestApi.api().get("/v1/tokens").asString());
        assertThat(list.toString()).doesNotContain(tokens.get("read")).doesNotContain("sha256");
        String readId = tokens.get("read").substring(4, 16);
        TestApi.api().delete("/v1/tokens/" + readId).then().statusCode(200);
        Response revoked = as(tokens.get("read")).get("/v1/functions");
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(TestApi.api().delete("/v1/tokens/" + readId).statusCode()).isEqualTo(404);
        assertThat(TestApi.api().contentType("application/json").body("{\"scope\": \"invoke\"}").post("/v1/tokens")
                .statusCode()).isEqualTo(400);
        assertThat(given().get("/v1/functions").statusCode()).isEqualTo(401);

        JsonNode audit = TestApi.readJson(TestApi.api().get("/v1/audit?since=10m").asString()).path("entries");
        assertThat(audit.toString()).contains("\"tokenId\":\"" + readId + "\"")
                .contains("\"outcome\":\"denied\"").contains("\"tokenId\":\"admin\"");
        boolean deniedDelete = false;
        for (JsonNode e : audit) {
            deniedDelete |= e.path("tokenId").asText().equals(readId) && e.path("method").asText().equals("DELETE")
                    && e.path("status").asInt() == 403 && e.path("path").asText().equals("/v1/secrets/victim");
        }
        assertThat(deniedDelete).as("the read token's refused delete is in the audit log").isTrue();
        assertThat(TestApi.readJson(TestApi.api().get("/v1/audit?since=2026-01-01T00:00:00Z").asString())
                .path("entries").size()).isGreaterThanOrEqualTo(audit.size());
        assertThat(TestApi.api().get("/v1/audit?since=soon").statusCode()).isEqualTo(400);
        // With records on, the log is in the record store (every column of it is in the answer), not in a file.
        assertThat(TestApi.home.resolve("audit.jsonl")).doesNotExist();
        String stored = TestApi.api().get("/v1/audit").asString();
        for (String token : tokens.values()) {
            assertThat(stored).doesNotContain(token);
        }
        assertThat(stored).doesNotContain(TestApi.token());

        TestApi.api().delete("/v1/functions/scoped").then().statusCode(200);
        for (JsonNode s : TestApi.readJson(TestApi.api().get("/v1/secrets").asString()).path("secrets")) {
            TestApi.api().delete("/v1/secrets/" + s.path("name").asText());
        }
    }

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
