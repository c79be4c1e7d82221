package io.stoker.gateway.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.gateway.images.CredentialStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registries.json: an older gateway's plain file is read, then written again encrypted; new writes are encrypted. */
class CredentialStoreMigrationTest {

    @TempDir
    Path home;

    @Test
    void aPlainFileIsReadAndRewrittenEncrypted() throws Exception {
        Path file = home.resolve("registries.json");
        Files.writeString(file, """
                {"registries": {"127.0.0.1:5000": {"username": "ci", "password": "plain-pass",
                 "storedAt": "2026-11-01T00:00:00Z"}}}""");
        AtRest crypto = new AtRest(home.resolve("secret.key"));
        CredentialStore store = new CredentialStore(file, Clock.systemUTC(), crypto);
        assertThat(store.authFor("127.0.0.1:5000").orElseThrow().password()).isEqualTo("plain-pass");
        byte[] rewritten = Files.readAllBytes(file);
        assertThat(AtRest.isSealed(rewritten)).isTrue();
        assertThat(new String(rewritten, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("plain-pass");

        store.put("127.0.0.1:5001", "other", "second-pass");
        CredentialStore again = new CredentialStore(file, Clock.systemUTC(), crypto);
        assertThat(again.authFor("127.0.0.1:5001").orElseThrow().password()).isEqualTo("second-pass");
        assertThat(again.list()).hasSize(2);
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("second-pass");
    }
}
