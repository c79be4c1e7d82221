package io.stoker.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.runtime.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoped tokens on virtual time: shown once, kept hashed, refused once expired or revoked, kept across restarts. */
class ScopedTokensTest {

    @TempDir
    Path home;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    private ScopedTokens tokens() {
        return new ScopedTokens(home.resolve("tokens.json"), clock, new TokenStore(home.toString()));
    }

    @Test
    void aTokenResolvesToItsScopeUntilItExpires() throws Exception {
        ScopedTokens tokens = tokens();
        ScopedTokens.Created created = tokens.create(Scope.INVOKE, Set.of("hello"), Duration.ofDays(30));
        assertThat(created.token()).startsWith("stk_" + created.info().id() + "_").hasSize(4 + 12 + 1 + 64);
        Caller caller = tokens.resolve(created.token()).orElseThrow();
        assertThat(caller).isEqualTo(new Caller(created.info().id(), Scope.INVOKE, Set.of("hello")));

        String onDisk = Files.readString(home.resolve("tokens.json"));
        assertThat(onDisk).doesNotContain(created.token()).doesNotContain(created.token().substring(17));
        assertThat(Files.getPosixFilePermissions(home.resolve("tokens.json"))).extracting(Enum::name)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(tokens().resolve(created.token())).as("still valid, and read back after a restart").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.resolve(created.token())).isEmpty();
        assertThat(tokens.list().get(0).expiredAt(clock.instant())).isTrue();
    }

    @Test
    void aRevokedOrAlteredTokenIsRefusedAndTheAdminTokenStays() {
        ScopedTokens tokens = tokens();
        String token = tokens.create(Scope.READ, Set.of(), null).token();
        String altered = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
        assertThat(tokens.resolve(altered)).isEmpty();
        assertThat(tokens.resolve("stk_nope")).isEmpty();
        assertThat(tokens.revoke(tokens.list().get(0).id())).isTrue();
        assertThat(tokens.resolve(token)).isEmpty();
        assertThat(tokens().resolve(token)).isEmpty();
        String admin = TokenStore.loadOrCreate(home.resolve("token"));
        assertThat(tokens.resolve(admin)).contains(Caller.ADMIN);
    }

    @Test
    void badRequestsAreRefusedWithWhatToDo() {
        ScopedTokens tokens = tokens();
        assertThatThrownBy(() -> tokens.create(Scope.INVOKE, Set.of(), null)).hasMessageContaining("--function");
        assertThatThrownBy(() -> tokens.create(Scope.ADMIN, Set.of("a"), null)).hasMessageContaining("--function");
        assertThatThrownBy(() -> tokens.create(Scope.READ, Set.of(), Duration.ZERO)).hasMessageContaining("expires");
        assertThatThrownBy(() -> tokens.create(Scope.DEPLOY, Set.of("Bad Name"), null)).hasMessageContaining("name");
        assertThat(tokens.list()).isEmpty();
    }
}
