package io.stoker.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SourcePackerTest {

    @TempDir
    Path dir;

    /** Entry name → content ("" for folders). */
    public static Map<String, String> entries(byte[] tarGz) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), e.isDirectory() ? "" : new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void write(String rel, String content) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void packsRelativePathsWithContentSkipsBuildOutputAndKeepsNodeModules() throws Exception {
        write("stoker.yaml", "name: hello\n");
        write("src/main/java/Hello.java", "class Hello {}");
        write("target/classes/Hello.class", "x");
        write("node_modules/left-pad/index.js", "x");
        write(".git/HEAD", "x");
        write("app/__pycache__/m.pyc", "x");
        write("app/main.py", "print(1)");
        Map<String, String> e = entries(SourcePacker.pack(dir));
        assertThat(e).containsEntry("stoker.yaml", "name: hello\n")
                .containsEntry("src/main/java/Hello.java", "class Hello {}")
                .containsEntry("app/main.py", "print(1)")
                .containsKey("src/")
                // node and python images have no package manager: dependencies travel with the source
                .containsEntry("node_modules/left-pad/index.js", "x");
        assertThat(e.keySet()).noneMatch(k -> k.startsWith("target")
                || k.startsWith(".git") || k.contains("__pycache__"));
    }

    @Test
    void theSameFolderPacksToTheSameEntryOrder() throws Exception {
        write("b.txt", "b");
        write("a/z.txt", "z");
        write("a/y.txt", "y");
        assertThat(entries(SourcePacker.pack(dir)).keySet()).containsExactly("a/", "a/y.txt", "a/z.txt", "b.txt");
    }

    @Test
    void keepsEachFilesPermissionBitsAndNormalisesOwnersAndTimes() throws Exception {
        write("start.sh", "#!/bin/sh\n");
        write("index.html", "<p>hi</p>");
        write("secret.sh", "#!/bin/sh\n");
        write("bin/answer", "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("index.html"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("secret.sh"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir.resolve("bin"), PosixFilePermissions.fromString("rwx------"));

        Map<String, TarArchiveEntry> h = headers(SourcePacker.pack(dir));

        assertThat(h.get("start.sh").getMode() & 07777).isEqualTo(0755);
        assertThat(h.get("index.html").getMode() & 07777).isEqualTo(0644);
        assertThat(h.get("secret.sh").getMode() & 07777).isEqualTo(0700);
        assertThat(h.get("bin/").getMode() & 07777).as("folders are always 0755").isEqualTo(0755);
        assertThat(h.get("bin/").isDirectory()).isTrue();
        assertThat(h.values()).allSatisfy(e -> {
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getLongGroupId()).isZero();
            assertThat(e.getUserName()).isEmpty();
            assertThat(e.getGroupName()).isEmpty();
            assertThat(e.getLastModifiedTime()).isEqualTo(SourcePacker.FIXED_TIME);
        });
    }

    @Test
    void neverPacksSetuidSetgidOrStickyBits() throws Exception {
        write("tool", "x");
        // setuid and friends cannot be set through NIO; chmod can, as the file's owner
        Process chmod = new ProcessBuilder("chmod", "7755", dir.resolve("tool").toString()).inheritIO().start();
        assertThat(chmod.waitFor()).isZero();

        assertThat(headers(SourcePacker.pack(dir)).get("tool").getMode() & 07777).isEqualTo(0755);
    }

    @Test
    void theSameContentGivesTheSameBytesWhateverTheFileTimes() throws Exception {
        write("stoker.yaml", "name: hello\n");
        write("app/run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("app/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        byte[] first = SourcePacker.pack(dir);

        FileTime other = FileTime.from(Instant.parse("2031-05-06T07:08:09.123Z"));
        for (String p : new String[] {"stoker.yaml", "app/run.sh", "app"}) {
            Files.setLastModifiedTime(dir.resolve(p), other);
        }

        assertThat(SourcePacker.pack(dir)).isEqualTo(first);
    }

    /** Entry name → header. */
    static Map<String, TarArchiveEntry> headers(byte[] tarGz) throws Exception {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), e);
            }
        }
        return out;
    }
}
