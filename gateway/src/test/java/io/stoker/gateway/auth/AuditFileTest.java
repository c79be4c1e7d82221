package io.stoker.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's file, for a gateway with records off: private, appended, and a line cut by a crash is skipped. */
class AuditFileTest {

    @TempDir
    Path home;

    @Test
    void entriesAreAppendedToAPrivateFileAndReadBackFromSince() throws Exception {
        Path file = home.resolve("audit.jsonl");
        AuditFile audit = new AuditFile(file);
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        audit.append(new AuditLog.Entry(t0, "admin", "admin", "PUT", "/v1/functions/a", 201));
        Files.writeString(file, "{\"at\":\"2026-12-01T10:00:0", StandardOpenOption.APPEND); // cut short mid-write
        Files.writeString(file, "\n", StandardOpenOption.APPEND);
        audit.append(new AuditLog.Entry(t0.plusSeconds(60), "k1", "read", "DELETE", "/v1/functions/a", 403));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(audit.since(null)).extracting(AuditLog.Entry::tokenId).containsExactly("admin", "k1");
        assertThat(audit.since(t0.plusSeconds(1))).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("denied"));
        assertThat(new AuditFile(home.resolve("none.jsonl")).since(null)).isEmpty();
    }
}
