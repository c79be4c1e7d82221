package io.stoker.gateway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-GCM at rest: round trips, a fresh nonce per write, and refusals of anything changed, moved or re-keyed. */
class AtRestTest {

    @TempDir
    Path dir;

    @Test
    void sealedBytesOpenOnlyWithTheSameKeyAndPurpose() throws Exception {
        AtRest crypto = new AtRest(dir.resolve("secret.key"));
        byte[] plain = "the value".getBytes(StandardCharsets.UTF_8);
        byte[] a = crypto.seal(plain, "stoker-secret:db");
        byte[] b = crypto.seal(plain, "stoker-secret:db");
        assertThat(AtRest.isSealed(a)).isTrue();
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("the value");
        assertThat(a).as("a fresh nonce per write").isNotEqualTo(b);
        assertThat(crypto.open(a, "stoker-secret:db")).isEqualTo(plain);
        assertThat(new AtRest(dir.resolve("secret.key")).open(b, "stoker-secret:db")).isEqualTo(plain);

        assertThatThrownBy(() -> crypto.open(a, "stoker-secret:other")).hasMessageContaining("cannot decrypt");
        byte[] changed = a.clone();
        changed[changed.length - 1] ^= 1;
        assertThatThrownBy(() -> crypto.open(changed, "stoker-secret:db")).hasMessageContaining("cannot decrypt");
        assertThatThrownBy(() -> new AtRest(dir.resolve("other.key")).open(a, "stoker-secret:db"))
                .hasMessageContaining("another key");
        assertThat(Files.getPosixFilePermissions(dir.resolve("secret.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.size(dir.resolve("secret.key"))).isEqualTo(32);
    }

    @Test
    void aKeyFileOthersCanReadOrOfTheWrongSizeIsRefused() throws Exception {
        Path key = dir.resolve("secret.key");
        new AtRest(key).seal(new byte[1], "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new AtRest(key).seal(new byte[1], "x")).hasMessageContaining("chmod 600");
        Path short16 = dir.resolve("short.key");
        PrivateFiles.write(short16, new byte[16]);
        assertThatThrownBy(() -> new AtRest(short16).seal(new byte[1], "x")).hasMessageContaining("256-bit");
    }
}
