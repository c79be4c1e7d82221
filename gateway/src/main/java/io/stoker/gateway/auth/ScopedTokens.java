package io.stoker.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.secrets.PrivateFiles;
import io.stoker.runtime.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tokens with a scope, besides the admin token of {@link TokenStore}: {@code stk_<id>_<64 hex digits>}, 256 random
 * bits shown once at creation. Only their SHA-256 is kept, in {@code $STOKER_HOME/tokens.json} (mode 0600), and a
 * presented token is compared with it in constant time. A token past its expiry (on the injected clock) is refused.
 */
@ApplicationScoped
public class ScopedTokens {

    /** What may be shown of a token: everything but the token. */
    public record Info(String id, Scope scope, Set<String> functions, Instant createdAt, Instant expiresAt) {
        public boolean expiredAt(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** A new token: shown to its creator once, never again. */
    public record Created(Info info, String token) {}

    private record Stored(Info info, byte[] sha256) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "stk_";
    static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    private final Path file;
    private final Clock clock;
    private final TokenStore admin;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Stored> byId = new TreeMap<>();

    @jakarta.inject.Inject
    public ScopedTokens(StokerConfig config, Clock clock, TokenStore admin) {
        this(Path.of(config.home(), "tokens.json"), clock, admin);
    }

    public ScopedTokens(Path file, Clock clock, TokenStore admin) {
        this.file = file;
        this.clock = clock;
        this.admin = admin;
        load();
    }

    /**
     * Creates a token. {@code invoke} needs at least one function; {@code admin} takes none (it is for everything).
     *
     * @param expiresIn null for a token that does not expire
     * @throws IllegalArgumentException naming what is wrong
     */
    public synchronized Created create(Scope scope, Set<String> functions, Duration expiresIn) {
        if (scope == Scope.INVOKE && functions.isEmpty()) {
            throw new IllegalArgumentException("an invoke token is for named functions: add --function NAME");
        }
        if (scope == Scope.ADMIN && !functions.isEmpty()) {
            throw new IllegalArgumentException("an admin token is for everything; leave out --function");
        }
        for (String f : functions) {
            SpecParser.checkName(f);
        }
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_LIFETIME) > 0)) {
            throw new IllegalArgumentException("expires must be more than 0 and at most 3650d");
        }
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String token = PREFIX + id + "_" + HexFormat.of().formatHex(secret);
        Instant now = clock.instant();
        Info info = new Info(id, scope, new TreeSet<>(functions), now, expiresIn == null ? null : now.plus(expiresIn));
        byId.put(id, new Stored(info, sha256(token)));
        save();
        return new Created(info, token);
    }

    public synchronized List<Info> list() {
        return byId.values().stream().map(Stored::info).toList();
    }

    /** Forgets a token at once; false when there is none with that id. */
    public synchronized boolean revoke(String id) {
        if (byId.remove(id) == null) {
            return false;
        }
        save();
        return true;
    }

    /** Who presents {@code token}: the admin, a live scoped token's holder, or nobody known. */
    public Optional<Caller> resolve(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        if (admin.matches(token)) {
            return Optional.of(Caller.ADMIN);
        }
        if (!token.startsWith(PREFIX) || token.length() != PREFIX.length() + 12 + 1 + 64) {
            return Optional.empty();
        }
        Stored s;
        synchronized (this) {
            s = byId.get(token.substring(PREFIX.length(), PREFIX.length() + 12));
        }
        if (s == null || !MessageDigest.isEqual(s.sha256(), sha256(token)) || s.info().expiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new Caller(s.info().id(), s.info().scope(), s.info().functions()));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (JsonNode t : JSON.readTree(file.toFile()).path("tokens")) {
                Set<String> functions = new TreeSet<>();
                t.path("functions").forEach(f -> functions.add(f.asText()));
                String expires = t.path("expiresAt").asText("");
                Info info = new Info(t.path("id").asText(), Scope.parse(t.path("scope").asText()), functions,
                        Instant.parse(t.path("createdAt").asText()), expires.isEmpty() ? null : Instant.parse(expires));
                byId.put(info.id(), new Stored(info, HexFormat.of().parseHex(t.path("sha256").asText())));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the tokens in " + file + ": " + e.getMessage()
                    + "; fix or remove the file (its tokens then stop working)", e);
        }
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode tokens = root.putArray("tokens");
        for (Stored s : byId.values()) {
            ObjectNode t = tokens.addObject().put("id", s.info().id()).put("scope", s.info().scope().text());
            s.info().functions().forEach(t.putArray("functions")::add);
            t.put("createdAt", s.info().createdAt().toString());
            t.put("expiresAt", s.info().expiresAt() == null ? "" : s.info().expiresAt().toString());
            t.put("sha256", HexFormat.of().formatHex(s.sha256()));
        }
        try {
            PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tokens to " + file, e);
        }
    }
}
