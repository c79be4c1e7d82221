package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proof of isolation, from inside a function on the real engine, with the gateway bound to all interfaces (so the host
 * side of every bridge answers for it): the probe (gateway/src/test/resources/functions/isolation-probe) tries the
 * management API (with the admin token), metrics and health on every address of this machine, another function's
 * container, the engine's socket and TCP port, a loopback-only listener of the host, writing outside /tmp, a setuid-root
 * binary, unshare, mount, capabilities, raw sockets, forking past the pids limit and another function's secret; every
 * one must be "refused". Then egress: internet reaches the stand-in internet and egress: none does not, both invokable.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
@TestProfile(IsolationTest.AllInterfaces.class)
class IsolationTest {

    /** The gateway on 0.0.0.0, as a team exposing it would run it. */
    public static class AllInterfaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.host", "0.0.0.0");
        }
    }

    private static final Path PROBE = TestApi.repo().resolve("gateway/src/test/resources/functions/isolation-probe");

    private static ServerSocket loopbackOnly;

    @BeforeAll
    static void listen() throws IOException {
        loopbackOnly = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void close() throws IOException {
        loopbackOnly.close();
    }

    @Test
    void fromInsideAFunctionEveryWayOutIsRefused() throws Exception {
        String hosts = hostAddresses();
        // The gateway does answer on this machine's other addresses: what the probe is refused is refused by Stoker.
        String first = hosts.split(",")[0];
        assertThat(RestAssured.given().baseUri("http://" + first).port(RestAssured.port)
                .header("Authorization", "Bearer " + TestApi.token()).get("/v1/functions").statusCode())
                .as("the gateway answers on %s", first).isEqualTo(200);

        TestApi.api().contentType("application/json").body(SecretsTest.data("password", "not-for-the-probe"))
                .post("/v1/secrets/iso-other").then().statusCode(201);
        TestApi.deployReady("iso-target", manifest(TestFunctions.probe("iso-target", "secrets: [iso-other]"),
                "scale: {min: 1, max: 1}"));
        JsonNode target = TestApi.describe("iso-target");
        String targetIp = containerIp(target.path("instances").get(0).path("containerId").asText());

        TestApi.deployReady("iso-probe", manifest(TestFunctions.renamed(PROBE, "iso-probe"), "scale: {min: 1, max: 1}"));
        assertAllRefused("iso-probe", probe("iso-probe", hosts, targetIp + ":8080"));
        // The invoke routes stay open to functions (one function calling another through the gateway).
        assertThat(invoke("iso-probe", "/call?port=" + RestAssured.port + "&path=/function/iso-target/env")
                .path("answer").asText()).startsWith("REACHED: HTTP/1.1 200");

        // The same from a function on the internal network (egress: none), which the gateway also knows.
        TestApi.deployReady("iso-probe-closed", manifest(TestFunctions.renamed(PROBE, "iso-probe-closed"),
                "scale: {min: 1, max: 1}\negress: none"));
        assertAllRefused("iso-probe-closed", probe("iso-probe-closed", hosts, targetIp + ":8080"));

        for (String fn : List.of("iso-probe", "iso-probe-closed", "iso-target")) {
            TestApi.api().delete("/v1/functions/" + fn).then().statusCode(200);
        }
        TestApi.api().delete("/v1/secrets/iso-other").then().statusCode(200);
    }

    @Test
    void egressNoneHasNoRouteOutAndEgressInternetHas() {
        try (InternetStandIn internet = InternetStandIn.start()) {
            TestApi.deployReady("egress-open", manifest(TestFunctions.renamed(PROBE, "egress-open"),
                    "scale: {min: 1, max: 1}"));
            TestApi.deployReady("egress-closed", manifest(TestFunctions.renamed(PROBE, "egress-closed"),
                    "scale: {min: 1, max: 1}\negress: none"));
            String query = "/egress?host=" + internet.address() + "&port=" + internet.port();

            String open = invoke("egress-open", query).path("egress").asText();
            String closed = invoke("egress-closed", query).path("egress").asText();
            System.out.println("egress: internet -> " + open + "\negress: none -> " + closed);
            assertThat(open).startsWith("REACHED");
            assertThat(closed).startsWith("refused");

            JsonNode described = TestApi.describe("egress-closed");
            assertThat(described.path("spec").path("egress").asText()).isEqualTo("none");
            JsonNode c = Docker.inspect(described.path("instances").get(0).path("containerId").asText());
            String internal = StokerTestResource.NETWORK + "-internal";
            assertThat(c.path("HostConfig").path("NetworkMode").asText()).isEqualTo(internal);
            JsonNode net = TestApi.readJson(Docker.run("network", "inspect", internal)).get(0);
            assertThat(net.path("Internal").asBoolean()).isTrue();
            assertThat(net.path("Options").path("com.docker.network.bridge.enable_icc").asText()).isEqualTo("false");
            assertThat(invoke("egress-closed", "/").path("ok").asBoolean()).isTrue();
            assertThat(invoke("egress-open", "/").path("ok").asBoolean()).isTrue();

            // Switching egress is a new version: the function rolls onto the internal network.
            TestApi.deployReady("egress-open", manifest(TestFunctions.renamed(PROBE, "egress-open"),
                    "scale: {min: 1, max: 1}\negress: none"));
            assertThat(invoke("egress-open", query).path("egress").asText()).startsWith("refused");

            Response bad = TestApi.api().contentType("application/json")
                    .body("{\"image\": \"stoker/python:bookworm\", \"egress\": \"intranet\"}")
                    .put("/v1/functions/egress-bad");
            assertThat(bad.statusCode()).as(bad.asString()).isEqualTo(400);
            assertThat(bad.jsonPath().getString("key")).isEqualTo("egress");
            for (String fn : List.of("egress-open", "egress-closed")) {
                TestApi.api().delete("/v1/functions/" + fn).then().statusCode(200);
            }
        }
    }

    private static Map<String, String> probe(String function, String hosts, String other) {
        JsonNode report = invoke(function, "/probe?port=" + RestAssured.port + "&token=" + TestApi.token()
                + "&hosts=" + hosts + "&loopback=" + loopbackOnly.getLocalPort() + "&other=" + other
                + "&secret=iso-other/password&pids=256");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        report.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static void assertAllRefused(String function, Map<String, String> report) {
        System.out.println("isolation report of " + function + ":\n" + report.entrySet().stream()
                .map(e -> "  " + e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")));
        assertThat(report).as("the probe's report").containsKeys("setuid-root binary", "fork past the pids limit",
                "another function's secret iso-other/password", "socket /var/run/docker.sock", "write in /");
        assertThat(report.keySet().stream().filter(k -> k.startsWith("management API via")).count())
                .isGreaterThanOrEqualTo(2);
        List<String> reached = report.entrySet().stream().filter(e -> !e.getValue().startsWith("refused"))
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
        assertThat(reached).as("ways out that %s reached", function).isEmpty();
    }

    private static JsonNode invoke(String function, String path) {
        // A probe takes a while on a busy machine (a few hundred processes, name lookups that an internal network's
        // resolver lets time out): more than the client's default read timeout.
        io.restassured.config.RestAssuredConfig config = RestAssured.config();
        Response r = RestAssured.given().config(config.httpClient(config.getHttpClientConfig()
                .setParam("http.socket.timeout", 120_000))).get("/function/" + function + path);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return TestApi.readJson(r.asString());
    }

    /** Every IPv4 address of this machine but loopback: its own interface and the host side of every bridge. */
    private static String hostAddresses() throws IOException {
        List<String> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    out.add(a.getHostAddress());
                }
            }
        }
        // This machine's own interface first (not a bridge), the one a team would expose.
        out.sort(java.util.Comparator.comparing((String a) -> a.startsWith("172.") || a.startsWith("192.168.")));
        return String.join(",", out);
    }

    private static String containerIp(String containerId) {
        JsonNode networks = Docker.inspect(containerId).path("NetworkSettings").path("Networks");
        return networks.path(StokerTestResource.NETWORK).path("IPAddress").asText();
    }

    /** Adds {@code lines} to the folder's stoker.yaml, replacing a scale line it has. */
    private static Path manifest(Path dir, String lines) throws java.io.UncheckedIOException {
        try {
            Path yaml = dir.resolve("stoker.yaml");
            String text = Files.readString(yaml).replaceFirst("(?m)^scale:.*$\\n?", "");
            Files.writeString(yaml, text + "\n" + lines + "\n");
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
