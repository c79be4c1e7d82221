package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A caller that leaves while its call waits for a busy instance withdraws the call: the function never sees it. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class QueueWithdrawalTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aQueuedCallWhoseClientDisconnectsNeverReachesTheFunction() throws Exception {
        TestFunctions.deployFaults("faults-queue"); // one instance, one call at a time
        CompletableFuture<Response> busy = CompletableFuture.supplyAsync(
                () -> given().get("/function/faults-queue/slow?ms=3000"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                TestApi.describe("faults-queue").path("instances").get(0).path("inFlight").asInt() == 1);

        try (Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("GET /function/faults-queue/mark/gone HTTP/1.1\r\nHost: " + gateway.getHost()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    TestApi.describe("faults-queue").path("queued").asInt() == 1);
        } // the client leaves while its call waits

        Awaitility.await().atMost(Duration.ofSeconds(2)).alias("withdrawn from the queue at once").until(() ->
                TestApi.describe("faults-queue").path("queued").asInt() == 0);
        assertThat(busy.join().statusCode()).isEqualTo(200);
        assertThat(given().get("/function/faults-queue/mark/after").statusCode()).isEqualTo(200);
        String marks = given().get("/function/faults-queue/marks").asString();
        assertThat(marks.lines()).as("ids the function was called with").containsExactly("after");
        TestApi.api().delete("/v1/functions/faults-queue").then().statusCode(200);
    }
}
