package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.stoker.runtime.tls.SelfSignedCert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLHandshakeException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The limits against abusive clients on the real gateway: a per-address rate, a header bomb, slow clients, the
 * connection limit, and HTTPS with a certificate made at test time. Each abuse runs while normal calls go on, and
 * they must keep being answered.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@TestProfile(ClientLimitsTest.Limits.class)
class ClientLimitsTest {

    static final int MAX_CONNECTIONS = 40;

    /** Low limits, and HTTPS beside plain HTTP, for this class only. */
    public static class Limits implements QuarkusTestProfile {
        static SelfSignedCert cert;

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                cert = SelfSignedCert.create(Files.createTempDirectory("stoker-tls"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "stoker.limits.client-rate", "20/s",
                    "stoker.limits.client-burst", "20",
                    "stoker.limits.max-header-count", "50",
                    "stoker.limits.max-header-size", "8K",
                    "stoker.limits.max-connections", Integer.toString(MAX_CONNECTIONS),
                    "stoker.tls.cert", cert.certPem().toString(),
                    "stoker.tls.key", cert.keyPem().toString(),
                    "stoker.tls.plain-http", "true");
        }
    }

    @TestHTTPResource(value = "/q/health/live", tls = true)
    URL https;

    @Test
    void oneClientAddressPastItsRateIs429WhileOtherAddressesAreServed() throws IOException {
        List<RawHttp.Answer> answers = RawHttp.pipelined("127.0.0.2", RestAssured.port, "/function/no-such", 100);
        assertThat(answers.subList(0, 20)).as("the burst passes (to the 404 of a missing function)")
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(404));
        List<RawHttp.Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
        assertThat(refused).as("100 calls at once from one address, 20/s with a burst of 20").isNotEmpty();
        assertThat(refused.get(0).headers()).containsEntry("retry-after", "1")
                .containsEntry("content-type", "application/json");
        assertThat(refused.get(0).body()).contains("\"error\":\"client_rate_limited\"").contains("20/s");

        assertThat(RawHttp.pipelined("127.0.0.3", RestAssured.port, "/function/no-such", 1).get(0).status())
                .as("another address has its own gate").isEqualTo(404);
        assertThat(RawHttp.pipelined("127.0.0.2", RestAssured.port, "/q/health/live", 1).get(0).status())
                .as("health and metrics are not limited").isEqualTo(200);
        assertThat(TestApi.api().get("/q/metrics").asString()).containsPattern("stoker_client_rate_limited_total [1-9]");
    }

    @Test
    void aHeaderBombIs431AndOthersAreServed() throws IOException {
        StringBuilder many = new StringBuilder("GET /function/no-such HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 500; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        RawHttp.Answer tooMany = RawHttp.send(many.toString(), RestAssured.port);
        assertThat(tooMany.status()).isEqualTo(431);
        assertThat(tooMany.body()).contains("\"error\":\"too_many_headers\"").contains("501 headers")
                .contains("at most 50");

        RawHttp.Answer tooLarge = RawHttp.send("GET /function/no-such HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "a".repeat(20_000) + "\r\n", RestAssured.port);
        assertThat(tooLarge.status()).as("the HTTP server's own answer to headers over 8K").isEqualTo(431);

        assertThat(TestApi.api().get("/v1/functions").statusCode()).isEqualTo(200);
    }

    @Test
    void slowClientsHoldingConnectionsDoNotStopOthersBeingServed() throws Exception {
        int slow = MAX_CONNECTIONS / 2;
        List<Socket> sockets = new ArrayList<>();
        ExecutorService dribble = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < slow; i++) {
                Socket s = RawHttp.connect("127.0.0.4", RestAssured.port);
                s.getOutputStream().write("GET /function/no-such HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            Future<?> slowloris = dribble.submit(() -> {
                // One header byte per socket every second, never the blank line that ends the headers.
                for (int round = 0; round < 8; round++) {
                    for (Socket s : sockets) {
                        try {
                            s.getOutputStream().write('x');
                            s.getOutputStream().flush();
                        } catch (IOException e) {
                            // cut off by the server: fine
                        }
                    }
                    Thread.sleep(1_000);
                }
                return null;
            });
            int served = 0;
            while (!slowloris.isDone()) {
                assertThat(TestApi.api().get("/v1/functions").statusCode()).isEqualTo(200);
                served++;
                Thread.sleep(250);
            }
            slowloris.get();
            assertThat(served).as("normal calls answered meanwhile").isGreaterThan(5);
        } finally {
            dribble.shutdownNow();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void connectionsPastTheLimitAreClosedAndServingGoesOnOnceTheyLeave() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            // A connection counts once its first request is read (before, with HTTP/2's clear-text upgrade on, the
            // server does not know yet what it is): each sends one and keeps the connection.
            for (int i = 0; i < MAX_CONNECTIONS + 20; i++) {
                Socket s = RawHttp.connect("127.0.0.5", RestAssured.port);
                s.getOutputStream().write("GET /q/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                sockets.add(s);
            }
            int closed = 0;
            int served = 0;
            for (Socket s : sockets) {
                try {
                    RawHttp.read(s.getInputStream());
                    served++;
                } catch (IOException e) {
                    closed++; // closed (or reset) by the gateway before any answer
                }
            }
            assertThat(closed).as("connections past " + MAX_CONNECTIONS + " are closed by the gateway")
                    .isGreaterThanOrEqualTo(20);
            assertThat(served).as("those within the limit are answered").isPositive();
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        Awaitility.await().alias("served again once the connections left").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> TestApi.api().get("/v1/functions").statusCode() == 200);
    }

    @Test
    void servesHttpsWithTheConfiguredCertificate() throws Exception {
        HttpClient trusting = HttpClient.newBuilder().sslContext(Limits.cert.clientContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(https.toString().replace("localhost", "127.0.0.1"));
        assertThat(uri.getScheme()).isEqualTo("https");
        HttpResponse<String> answer = trusting.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);

        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

}
