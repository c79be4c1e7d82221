package io.stoker.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import io.stoker.runtime.spec.SpecWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Keeps the registry on disk, one JSON file per function, so it survives a gateway restart.
 * Files are replaced atomically: a crash mid-write leaves the old definition, never half of one.
 */
public final class FunctionStore {

    private static final Logger LOG = Logger.getLogger(FunctionStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public FunctionStore(Path dir) {
        this.dir = dir;
    }

    /** A stored function: its spec and when it was first deployed. */
    public record Stored(FunctionSpec spec, Instant createdAt, Instant updatedAt) {}

    public void save(Stored stored) {
        ObjectNode node = JSON.createObjectNode();
        node.set("spec", SpecWriter.toJson(stored.spec()));
        node.put("createdAt", stored.createdAt().toString());
        node.put("updatedAt", stored.updatedAt().toString());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, stored.spec().name(), ".tmp");
            Files.writeString(tmp, node.toPrettyString());
            Files.move(tmp, file(stored.spec().name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save function " + stored.spec().name() + " under " + dir, e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(name), e);
        }
    }

    /** Every stored function; a file that no longer parses is logged and skipped, not deleted. */
    public List<Stored> loadAll() {
        List<Stored> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    JsonNode node = JSON.readTree(f.toFile());
                    all.add(new Stored(SpecParser.parse(node.get("spec")),
                            Instant.parse(node.get("createdAt").asText()),
                            Instant.parse(node.get("updatedAt").asText())));
                } catch (IOException | RuntimeException e) {
                    LOG.errorf("skipping unreadable function file %s: %s", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return all;
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }
}
