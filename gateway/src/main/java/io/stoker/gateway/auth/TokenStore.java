package io.stoker.gateway.auth;

import io.stoker.gateway.config.StokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The management API's bearer token: created on first start in {@code $STOKER_HOME/token}, mode 0600. */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class TokenStore {

    private final byte[] token;

    @jakarta.inject.Inject
    public TokenStore(StokerConfig config) {
        this(config.home());
    }

    public TokenStore(String home) {
        this.token = loadOrCreate(Path.of(home, "token")).getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String value = HexFormat.of().formatHex(random);
            io.stoker.gateway.secrets.PrivateFiles.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token at " + file, e);
        }
    }
}
