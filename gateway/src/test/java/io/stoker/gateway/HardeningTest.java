package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every hardening setting, read back from the engine's own inspect of a function's container. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class HardeningTest {

    @Test
    void functionContainersAreHardened() {
        ObjectNode spec = TestFunctions.spec("hardened");
        spec.putObject("limits").put("memory", "128Mi").put("cpu", 0.5);
        spec.putObject("scale").put("min", 1);
        JsonNode fn = TestApi.readJson(TestFunctions.put(spec).then().statusCode(201).extract().asString());
        String containerId = fn.path("instances").get(0).path("containerId").asText();

        JsonNode c = Docker.inspect(containerId);
        JsonNode host = c.path("HostConfig");
        assertThat(host.path("Memory").asLong()).isEqualTo(128L * 1024 * 1024);
        assertThat(host.path("MemorySwap").asLong()).isEqualTo(128L * 1024 * 1024);
        assertThat(host.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(host.path("PidsLimit").asLong()).isPositive();
        assertThat(texts(host.path("CapDrop"))).contains("ALL");
        assertThat(texts(host.path("CapAdd"))).isEmpty();
        assertThat(texts(host.path("SecurityOpt"))).anyMatch(s -> s.startsWith("no-new-privileges"));
        assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(host.path("Tmpfs").has("/tmp")).isTrue();
        assertThat(host.path("Tmpfs").path("/dev/shm").asText()).startsWith("ro,");
        assertThat(host.path("Privileged").asBoolean()).isFalse();
        assertThat(host.path("NetworkMode").asText()).isEqualTo(StokerTestResource.NETWORK);
        assertThat(host.path("PortBindings").size()).isZero();
        assertThat(c.path("Mounts").toString()).doesNotContain("docker.sock");
        assertThat(c.path("Config").path("User").asText()).isEqualTo("65534:65534");
        JsonNode labels = c.path("Config").path("Labels");
        assertThat(labels.path("stoker.function").asText()).isEqualTo("hardened");
        assertThat(labels.path("stoker.instance").asText()).isNotBlank();
        assertThat(labels.path("stoker.spec-hash").asText()).isNotBlank();

        JsonNode network = TestApi.readJson(Docker.run("network", "inspect", StokerTestResource.NETWORK)).get(0);
        assertThat(network.path("Options").path("com.docker.network.bridge.enable_icc").asText()).isEqualTo("false");
        TestApi.api().delete("/v1/functions/hardened").then().statusCode(200);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
