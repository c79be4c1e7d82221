package io.stoker.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
