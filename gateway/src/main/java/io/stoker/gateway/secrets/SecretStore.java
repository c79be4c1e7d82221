package io.stoker.gateway.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Secrets by name, each one file {@code $STOKER_HOME/secrets/NAME.sealed} encrypted by {@link AtRest}. What is kept
 * in memory and shown is {@link Meta} (keys, update time, a random version); the values are decrypted only to be
 * written as an instance's files ({@link #values}). Writes of one name are serialized; thread-safe.
 */
@ApplicationScoped
public class SecretStore {

    /** What may be shown of a secret; {@code version} changes with every write and says nothing of the values. */
    public record Meta(String name, List<String> keys, Instant updatedAt, String version) {}

    /** A key is a file name: letters, digits, '.', '_' and '-', not starting with '.'. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,252}");
    public static final int MAX_KEYS = 64;
    /** All of one secret's values together, as Kubernetes allows for one Secret. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final AtRest crypto;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Meta> byName = new TreeMap<>();

    @jakarta.inject.Inject
    public SecretStore(StokerConfig config, AtRest crypto, Clock clock) {
        this(Path.of(config.home(), "secrets"), crypto, clock);
    }

    public SecretStore(Path dir, AtRest crypto, Clock clock) {
        this.dir = dir;
        this.crypto = crypto;
        this.clock = clock;
        load();
    }

    public synchronized List<Meta> list() {
        return List.copyOf(byName.values());
    }

    public synchronized Optional<Meta> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Creates a secret; false (and nothing changed) when one of that name exists. */
    public synchronized boolean create(String name, Map<String, byte[]> data) {
        if (byName.containsKey(name)) {
            return false;
        }
        write(name, data);
        return true;
    }

    /** Replaces every key of a secret; false (and nothing changed) when there is none of that name. */
    public synchronized boolean update(String name, Map<String, byte[]> data) {
        if (!byName.containsKey(name)) {
            return false;
        }
        write(name, data);
        return true;
    }

    public synchronized boolean delete(String name) {
        if (byName.remove(name) == null) {
            return false;
        }
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(name), e);
        }
        return true;
    }

    /** The decrypted values of a secret, by key; empty when there is none of that name. */
    public Optional<Map<String, byte[]>> values(String name) {
        synchronized (this) {
            if (!byName.containsKey(name)) {
                return Optional.empty();
            }
        }
        try {
            JsonNode root = JSON.readTree(crypto.open(Files.readAllBytes(file(name)), purpose(name)));
            Map<String, byte[]> data = new TreeMap<>();
            root.path("data").fields().forEachRemaining(e ->
                    data.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
            return Optional.of(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret '" + name + "'", e);
        }
    }

    /** Throws {@link IllegalArgumentException} naming what is wrong with a secret's name or data. */
    public static void check(String name, Map<String, byte[]> data) {
        if (name == null || !SpecParser.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a secret name: lower-case letters, digits and"
                    + " '-', starting and ending with a letter or digit, at most 63 characters");
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException("a secret needs at least one key (e.g. --from-literal password=…)");
        }
        if (data.size() > MAX_KEYS) {
            throw new IllegalArgumentException("a secret has at most " + MAX_KEYS + " keys, not " + data.size());
        }
        long total = 0;
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a key: it becomes a file name, so use"
                        + " letters, digits, '.', '_' and '-', not starting with '.', at most 253 characters");
            }
            total += e.getValue().length;
        }
        if (total > MAX_BYTES) {
            throw new IllegalArgumentException("the values take " + total + " bytes; a secret holds at most "
                    + MAX_BYTES);
        }
    }

    private void write(String name, Map<String, byte[]> data) {
        check(name, data);
        Instant now = clock.instant();
        byte[] v = new byte[8];
        random.nextBytes(v);
        String version = HexFormat.of().formatHex(v);
        ObjectNode root = JSON.createObjectNode().put("name", name).put("updatedAt", now.toString())
                .put("version", version);
        ObjectNode values = root.putObject("data");
        new TreeMap<>(data).forEach((k, bytes) -> values.put(k, Base64.getEncoder().encodeToString(bytes)));
        try {
            PrivateFiles.write(file(name), crypto.seal(JSON.writeValueAsBytes(root), purpose(name)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byName.put(name, new Meta(name, List.copyOf(new TreeMap<>(data).keySet()), now, version));
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sealed")).toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.sealed$", "");
                JsonNode root = JSON.readTree(crypto.open(Files.readAllBytes(f), purpose(name)));
                List<String> keys = new java.util.ArrayList<>();
                for (Iterator<String> it = root.path("data").fieldNames(); it.hasNext(); ) {
                    keys.add(it.next());
                }
                byName.put(name, new Meta(name, List.copyOf(keys), Instant.parse(root.path("updatedAt").asText()),
                        root.path("version").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets in " + dir, e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".sealed");
    }

    /** Bound into each file's encryption: a sealed file renamed to another secret's name does not open. */
    private static String purpose(String name) {
        return "stoker-secret:" + name;
    }
}
