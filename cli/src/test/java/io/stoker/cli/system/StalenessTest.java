package io.stoker.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalenessTest {

    @TempDir
    Path dir;

    @Test
    void missingOrOlderArtifactIsStale() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/main"));
        Path file = Files.writeString(src.resolve("A.java"), "x");
        Path jar = dir.resolve("app.jar");
        assertThat(Staleness.isStale(jar, List.of(dir.resolve("src")))).isTrue();

        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(Staleness.isStale(jar, List.of(dir.resolve("src"), dir.resolve("missing")))).isFalse();

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(Staleness.isStale(jar, List.of(dir.resolve("src")))).isTrue();
    }

    @Test
    void pidFileRoundTripsAndToleratesGarbage() throws Exception {
        PidFile pf = new PidFile(dir.resolve("run/x.pid"));
        assertThat(pf.read()).isEmpty();
        pf.write(4242);
        assertThat(pf.read()).hasValue(4242);
        Files.writeString(pf.path(), "not a pid");
        assertThat(pf.read()).isEmpty();
        pf.delete();
        assertThat(pf.path()).doesNotExist();
    }
}
