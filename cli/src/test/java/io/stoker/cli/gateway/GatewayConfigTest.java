package io.stoker.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @TempDir
    Path home;

    @Test
    void optionBeatsEnvironmentBeatsDefault() {
        Map<String, String> env = Map.of("STOKER_GATEWAY", "http://env:9000");
        assertThat(GatewayConfig.resolve("http://opt:7000/", env, home).url()).hasToString("http://opt:7000");
        assertThat(GatewayConfig.resolve(null, env, home).url()).hasToString("http://env:9000");
        assertThat(GatewayConfig.resolve(null, Map.of(), home).url()).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void badUrlIsAUsageErrorNamingItsSource() {
        assertThatThrownBy(() -> GatewayConfig.resolve(null, Map.of("STOKER_GATEWAY", "localhost:8080"), home))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("STOKER_GATEWAY 'localhost:8080' is not an http:// or https:// URL")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void tokenFromEnvironmentElseFromStokerHomeFile() throws Exception {
        Path stokerHome = home.resolve("sh");
        Files.createDirectories(stokerHome);
        Files.writeString(stokerHome.resolve("token"), "  file-token\n");
        Map<String, String> env = Map.of("STOKER_HOME", stokerHome.toString());
        GatewayConfig fromFile = GatewayConfig.resolve(null, env, home);
        assertThat(fromFile.token()).contains("file-token");
        assertThat(fromFile.tokenFile()).isEqualTo(stokerHome.resolve("token"));

        GatewayConfig fromEnv = GatewayConfig.resolve(
                null, Map.of("STOKER_HOME", stokerHome.toString(), "STOKER_TOKEN", "env-token"), home);
        assertThat(fromEnv.token()).contains("env-token");
    }

    @Test
    void stokerHomeDefaultsToDotStokerAndNoTokenIsEmpty() {
        GatewayConfig c = GatewayConfig.resolve(null, Map.of(), home);
        assertThat(c.stokerHome()).isEqualTo(home.resolve(".stoker"));
        assertThat(c.token()).isEmpty();
    }
}
