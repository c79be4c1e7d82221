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
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Keeps the registry on disk, one JSON file per function, so it survives a gateway restart.
 * Files are replaced atomically: a crash mid-write leaves the old definition, never half of one. One gateway owns the
 * folder, so the registry's lock per name is all the concurrency control it needs: the expected hashes are not read.
 */
public final class DiskFunctionStore implements FunctionStore {

    private static final Logger LOG = Logger.getLogger(DiskFunctionStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public DiskFunctionStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public void save(Stored stored, String expectedHash) {
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

    @Override
    public void delete(String name, String expectedHash) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(name), e);
        }
    }

    /** Every stored function; a file that no longer parses is logged and skipped, not deleted. */
    @Override
    public List<Stored> loadAll() {
        List<Stored> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                read(f).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return all;
    }

    @Override
    public Optional<Stored> load(String name) {
        if (!Files.isRegularFile(file(name))) {
            return Optional.empty();
        }
        return Optional.of(read(file(name)).orElseThrow(() -> new Unreadable(file(name) + " does not read as a function")));
    }

    private static Optional<Stored> read(Path f) {
        try {
            JsonNode node = JSON.readTree(f.toFile());
            return Optional.of(new Stored(SpecParser.parse(node.get("spec")),
                    Instant.parse(node.get("createdAt").asText()),
                    Instant.parse(node.get("updatedAt").asText())));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("skipping unreadable function file %s: %s", f, e.getMessage());
            return Optional.empty();
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }
}
