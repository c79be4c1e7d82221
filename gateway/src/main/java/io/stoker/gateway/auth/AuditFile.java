package io.stoker.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audit log as a file, for a gateway with call records off: one JSON line an entry in
 * {@code $STOKER_HOME/audit.jsonl} (mode 0600, appended, never rewritten).
 */
public final class AuditFile implements AuditStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public AuditFile(Path file) {
        this.file = file;
    }

    @Override
    public void append(AuditLog.Entry e) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        String line = JSON.createObjectNode().put("at", e.at().toString()).put("tokenId", e.tokenId())
                .put("scope", e.scope()).put("method", e.method()).put("path", e.path()).put("status", e.status())
                .put("outcome", e.outcome()) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Unreadable lines (one cut short by a crash mid-write) are skipped. */
    @Override
    public List<AuditLog.Entry> since(Instant since) {
        List<AuditLog.Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                try {
                    JsonNode n = JSON.readTree(line);
                    AuditLog.Entry e = new AuditLog.Entry(Instant.parse(n.path("at").asText()),
                            n.path("tokenId").asText(), n.path("scope").asText(), n.path("method").asText(),
                            n.path("path").asText(), n.path("status").asInt());
                    if (since == null || !e.at().isBefore(since)) {
                        out.add(e);
                    }
                } catch (IOException | RuntimeException skipped) {
                    // a line cut short by a crash mid-write
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return out;
    }

    @Override
    public String where() {
        return "the file " + file;
    }
}
