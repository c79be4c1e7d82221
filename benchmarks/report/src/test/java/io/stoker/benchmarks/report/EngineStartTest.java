package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineStartTest {

    @Test
    void readsPlainAndChunkedAnswers() throws Exception {
        EngineStart.Answer plain = EngineStart.parse(
                "HTTP/1.1 201 Created\r\nContent-Length: 12\r\n\r\n{\"Id\":\"ab\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(plain.status()).isEqualTo(201);
        assertThat(plain.body()).isEqualTo("{\"Id\":\"ab\"}\n");
        EngineStart.Answer chunked = EngineStart.parse(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n3\r\n1}\n\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void findsTheAddressOnTheNamedNetwork() {
        String inspect = "{\"NetworkSettings\":{\"IPAddress\":\"\",\"Networks\":{\"other\":{\"IPAddress\":\"10.0.0.2\"},"
                + "\"stoker-functions\":{\"Aliases\":null,\"IPAddress\":\"192.168.16.5\",\"IPPrefixLen\":20}}}}";
        assertThat(EngineStart.address(inspect, "stoker-functions")).isEqualTo("192.168.16.5");
        assertThat(EngineStart.address(inspect, "none")).isEmpty();
    }

    @Test
    void createsWithTheSettingsOfAnInstance() {
        String body = EngineStart.createBody("img:1", "stoker-functions", 67108864L, 8080);
        assertThat(body).contains("\"NetworkMode\":\"stoker-functions\"", "\"Memory\":67108864", "\"CapDrop\":[\"ALL\"]",
                "\"ReadonlyRootfs\":true", "\"PORT=8080\"", "no-new-privileges");
    }
}
