package io.stoker.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModesTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheRwxBitsOfEachClass() throws IOException {
        for (String perms : new String[] {"rwxr-xr-x", "rw-r--r--", "rwxr-x---", "rwx------", "r--------", "rw-rw-rw-"}) {
            Path f = Files.writeString(tmp.resolve(perms), "x");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
            assertThat(FileModes.text(FileModes.of(f))).isEqualTo(perms);
        }
    }

    @Test
    void masksForTheImage() {
        assertThat(FileModes.forImage(0100755)).isEqualTo(0755);
        assertThat(FileModes.forImage(04777)).isEqualTo(0755);
        assertThat(FileModes.forImage(0666)).isEqualTo(0644);
        assertThat(FileModes.forImage(0750)).isEqualTo(0750);
        assertThat(FileModes.forImage(0)).isEqualTo(0400);
    }

    /** A zip filesystem has no POSIX attributes (unless asked for them): the exec bit decides. */
    @Test
    void fallsBackToTheExecutableBitWithoutPosixAttributes() throws IOException {
        URI zip = URI.create("jar:" + tmp.resolve("f.zip").toUri());
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path f = Files.writeString(fs.getPath("/a.txt"), "x");
            assertThat(FileModes.of(f)).isEqualTo(Files.isExecutable(f) ? 0755 : 0644);
        }
    }
}
