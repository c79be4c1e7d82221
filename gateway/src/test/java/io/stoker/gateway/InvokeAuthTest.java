package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code auth: token} on the real gateway and engine: no token or an unknown one is 401, a token of another scope or
 * function is 403, an invoke token for the function or the admin token passes, and the function never sees the
 * Authorization header. A public function is called as before, its Authorization header forwarded.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class InvokeAuthTest {

    @Test
    void aTokenFunctionTakesOnlyItsInvokeTokensAndTheAdminAndNeverSeesTheToken() {
        TestApi.deployReady("auth-probe", TestFunctions.probe("auth-probe", "auth: token"));
        String invoke = token("{\"scope\": \"invoke\", \"functions\": [\"auth-probe\"]}");
        String otherFunction = token("{\"scope\": \"invoke\", \"functions\": [\"elsewhere\"]}");
        String read = token("{\"scope\": \"read\"}");

        Response none = given().get("/function/auth-probe/headers");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.jsonPath().getString("error")).isEqualTo("unauthorized");
        assertThat(none.jsonPath().getString("message")).contains("--scope invoke --function auth-probe");
        assertThat(call("Bearer stk_000000000000_" + "0".repeat(64)).statusCode()).isEqualTo(401);
        assertThat(call("Basic Zm9vOmJhcg==").statusCode()).isEqualTo(401);

        Response wrongScope = call("Bearer " + read);
        assertThat(wrongScope.statusCode()).isEqualTo(403);
        assertThat(wrongScope.jsonPath().getString("error")).isEqualTo("forbidden");
        assertThat(wrongScope.jsonPath().getString("message")).contains("'invoke'");
        assertThat(call("Bearer " + otherFunction).statusCode()).isEqualTo(403);

        Response ok = call("Bearer " + invoke);
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(200);
        assertThat(ok.jsonPath().getMap("received")).doesNotContainKey("authorization");
        assertThat(ok.asString()).doesNotContain(invoke);
        Response admin = call("Bearer " + TestApi.token());
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.asString()).doesNotContain(TestApi.token());
        assertThat(given().header("Authorization", "Bearer " + invoke).post("/function/auth-probe/headers")
                .statusCode()).as("any method").isEqualTo(200);

        // The async route makes the same check first (no broker is needed to be turned away).
        assertThat(given().post("/async-function/auth-probe/headers").statusCode()).isEqualTo(401);
        Response asyncWrong = given().header("Authorization", "Bearer " + read).post("/async-function/auth-probe/headers");
        assertThat(asyncWrong.statusCode()).isEqualTo(403);
        assertThat(asyncWrong.jsonPath().getString("error")).isEqualTo("forbidden");

        assertThat(TestApi.api().get("/q/metrics").asString()).contains(
                "stoker_invocations_total{function=\"auth-probe\",outcome=\"rejected\",trigger=\"http\"}");
        TestApi.api().delete("/v1/functions/auth-probe").then().statusCode(200);

        TestApi.deployReady("public-probe", TestFunctions.probe("public-probe", ""));
        Response open = given().header("Authorization", "Bearer for-the-function").get("/function/public-probe/headers");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.jsonPath().getString("received.authorization")).isEqualTo("Bearer for-the-function");
        TestApi.api().delete("/v1/functions/public-probe").then().statusCode(200);
    }

    private static Response call(String authorization) {
        return given().header("Authorization", authorization).get("/function/auth-probe/headers");
    }

    static String token(String body) {
        Response r = TestApi.api().contentType("application/json").body(body).post("/v1/tokens");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getString("token");
    }
}
