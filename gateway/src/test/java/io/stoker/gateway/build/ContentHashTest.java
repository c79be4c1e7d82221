package io.stoker.gateway.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image tag's digest: contents, paths and the permission bits the image keeps. */
class ContentHashTest {

    @TempDir
    Path dir;

    @Test
    void theSameFolderGivesTheSameDigestAndAnyChangeANewOne() throws Exception {
        Path script = dir.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        String before = ContentHash.of(dir);
        assertThat(ContentHash.of(dir)).isEqualTo(before);

        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String executable = ContentHash.of(dir);
        assertThat(executable).as("made executable: a new image").isNotEqualTo(before);

        Files.writeString(script, "#!/bin/sh\necho bye\n");
        assertThat(ContentHash.of(dir)).isNotEqualTo(executable);
    }

    @Test
    void aFolderThatDoesNotExistCountsAsEmpty() {
        assertThat(ContentHash.of(dir.resolve("none"), dir)).isEqualTo(ContentHash.of(dir));
    }
}
