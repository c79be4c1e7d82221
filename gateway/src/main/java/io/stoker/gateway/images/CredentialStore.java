package io.stoker.gateway.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.secrets.AtRest;
import io.stoker.gateway.secrets.PrivateFiles;
import io.stoker.runtime.engine.RegistryAuth;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Registry credentials the gateway uses for pulls and pushes, one per registry host, in
 * {@code $STOKER_HOME/registries.json}: encrypted at rest as secrets are ({@link AtRest}), mode 0600, written whole
 * and moved into place. A plain file of an older gateway is read, then written again encrypted. Passwords leave this
 * class only as {@link RegistryAuth} for the engine; what the API shows is {@link Entry}, which has none.
 */
@ApplicationScoped
public class CredentialStore {

    /** What may be shown of stored credentials. */
    public record Entry(String host, String username, Instant storedAt) {}

    private record Stored(String username, String password, Instant storedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;
    private final Map<String, Stored> byHost = new TreeMap<>();

    private static final String PURPOSE = "stoker-registries";

    private final AtRest crypto;

    @jakarta.inject.Inject
    public CredentialStore(StokerConfig config, Clock clock, AtRest crypto) {
        this(Path.of(config.home(), "registries.json"), clock, crypto);
    }

    public CredentialStore(Path file, Clock clock, AtRest crypto) {
        this.file = file;
        this.clock = clock;
        this.crypto = crypto;
        if (load()) {
            save(); // an older gateway's plain file: encrypted from now on
        }
    }

    /** Stores (or replaces) the credentials for {@code host}; true when the host had none before. */
    public synchronized boolean put(String host, String username, String password) {
        boolean created = !byHost.containsKey(host);
        byHost.put(host, new Stored(username, password, clock.instant()));
        save();
        return created;
    }

    /** Forgets the credentials of {@code host}; false when there were none. */
    public synchronized boolean remove(String host) {
        if (byHost.remove(host) == null) {
            return false;
        }
        save();
        return true;
    }

    public synchronized List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        byHost.forEach((host, s) -> entries.add(new Entry(host, s.username(), s.storedAt())));
        return entries;
    }

    /** The credentials for a registry host; empty for "" (a reference that names no registry) or an unknown host. */
    public synchronized Optional<RegistryAuth> authFor(String host) {
        Stored s = byHost.get(host);
        return s == null ? Optional.empty() : Optional.of(new RegistryAuth(host, s.username(), s.password()));
    }

    /** Reads the file; true when it was a plain one. */
    private boolean load() {
        if (!Files.exists(file)) {
            return false;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            boolean plain = !AtRest.isSealed(bytes);
            ObjectNode root = (ObjectNode) JSON.readTree(plain ? bytes : crypto.open(bytes, PURPOSE));
            ObjectNode registries = root.with("registries");
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = registries.fields(); it.hasNext(); ) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
                byHost.put(e.getKey(), new Stored(e.getValue().path("username").asText(),
                        e.getValue().path("password").asText(), Instant.parse(e.getValue().path("storedAt").asText())));
            }
            return plain;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the registry credentials in " + file + ": " + e.getMessage()
                    + "; fix or remove the file (then log in again)", e);
        }
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode registries = root.putObject("registries");
        byHost.forEach((host, s) -> registries.putObject(host).put("username", s.username())
                .put("password", s.password()).put("storedAt", s.storedAt().toString()));
        try {
            PrivateFiles.write(file, crypto.seal(JSON.writeValueAsBytes(root), PURPOSE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the registry credentials to " + file, e);
        }
    }
}
