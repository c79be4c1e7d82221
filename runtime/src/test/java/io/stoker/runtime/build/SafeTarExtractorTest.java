package io.stoker.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {

    @TempDir
    Path tmp;

    private final SafeTarExtractor extractor = new SafeTarExtractor(new SafeTarExtractor.Limits(1024 * 1024, 100));

    @Test
    void extractsFilesDirectoriesRelativeLinksAndExecutableBits() throws IOException {
        byte[] archive = tarGz(t -> {
            dir(t, "./");
            file(t, "./stoker.yaml", "name: x\n", 0644);
            file(t, "src/com/example/Hello.java", "class Hello {}", 0644);
            file(t, "bin/run.sh", "#!/bin/sh\n", 0755);
            symlink(t, "src/current", "com/example");
            hardlink(t, "copy.yaml", "stoker.yaml");
        });
        Path out = tmp.resolve("out");

        extractor.extract(new ByteArrayInputStream(archive), out);

        assertThat(out.resolve("stoker.yaml")).hasContent("name: x");
        assertThat(out.resolve("src/com/example/Hello.java")).hasContent("class Hello {}");
        assertThat(Files.isExecutable(out.resolve("bin/run.sh"))).isTrue();
        assertThat(Files.isSymbolicLink(out.resolve("src/current"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("src/current")).toString()).isEqualTo("com/example");
        assertThat(out.resolve("copy.yaml")).hasContent("name: x");
        assertThat(Files.isSymbolicLink(out.resolve("copy.yaml"))).isFalse();
    }

    @Test
    void keepsEachEntrysPermissionBitsWithoutSpecialBitsOrGroupAndOtherWrite() throws IOException {
        byte[] archive = tarGz(t -> {
            file(t, "start.sh", "#!/bin/sh\n", 0755);
            file(t, "index.html", "<p>hi</p>", 0644);
            file(t, "group.sh", "#!/bin/sh\n", 0750);
            file(t, "own.sh", "#!/bin/sh\n", 0700);
            file(t, "suid", "x", 04777);
            file(t, "unreadable", "x", 0);
            hardlink(t, "own-copy.sh", "own.sh");
        });
        Path out = tmp.resolve("out");

        extractor.extract(new ByteArrayInputStream(archive), out);

        assertThat(perms(out.resolve("start.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(perms(out.resolve("index.html"))).isEqualTo("rw-r--r--");
        assertThat(perms(out.resolve("group.sh"))).isEqualTo("rwxr-x---");
        assertThat(perms(out.resolve("own.sh"))).isEqualTo("rwx------");
        assertThat(perms(out.resolve("suid"))).as("no setuid, no write for group or other").isEqualTo("rwxr-xr-x");
        assertThat(perms(out.resolve("unreadable"))).as("the gateway must read it back").isEqualTo("r--------");
        assertThat(perms(out.resolve("own-copy.sh"))).as("a hard link has its file's mode").isEqualTo("rwx------");
    }

    @Test
    void acceptsAPlainTarToo() throws IOException {
        byte[] archive = tar(t -> file(t, "handler.py", "def handle(r): pass", 0644));

        extractor.extract(new ByteArrayInputStream(archive), tmp.resolve("out"));

        assertThat(tmp.resolve("out/handler.py")).exists();
    }

    @Test
    void refusesAnEntryThatEscapesWithDotDot() throws IOException {
        byte[] archive = tarGz(t -> {
            file(t, "ok.txt", "fine", 0644);
            file(t, "src/../../evil.txt", "boom", 0644);
        });
        Path out = tmp.resolve("out");

        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(archive), out))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("src/../../evil.txt")
                .hasMessageContaining("escapes");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(out.resolve("ok.txt")).as("a refused archive leaves nothing behind").doesNotExist();
    }

    @Test
    void refusesAnAbsolutePath() throws IOException {
        byte[] archive = tarGz(t -> file(t, "/etc/cron.d/evil", "boom", 0644));

        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(archive), tmp.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("/etc/cron.d/evil")
                .hasMessageContaining("absolute");
    }

    @Test
    void refusesASymlinkPointingOutside() throws IOException {
        byte[] relative = tarGz(t -> symlink(t, "data", "../../etc"));
        byte[] absolute = tarGz(t -> symlink(t, "passwd", "/etc/passwd"));

        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(relative), tmp.resolve("a")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("'data'")
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(absolute), tmp.resolve("b")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("'passwd'")
                .hasMessageContaining("absolute");
    }

    @Test
    void refusesToWriteThroughASymlinkEvenIfEachLinkLooksInside() throws IOException {
        // "d" -> "." is inside; "d/e" -> ".." looks inside lexically but really leads to the parent.
        byte[] archive = tarGz(t -> {
            symlink(t, "d", ".");
            symlink(t, "d/e", "..");
        });

        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(archive), tmp.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("'d/e'")
                .hasMessageContaining("symbolic link 'd'");
    }

    @Test
    void refusesAHardLinkToAFileOutside() throws IOException {
        byte[] archive = tarGz(t -> hardlink(t, "shadow", "../../etc/shadow"));

        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(archive), tmp.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("'shadow'")
                .hasMessageContaining("outside");
    }

    @Test
    void refusesDevices() throws IOException {
        byte[] archive = tarGz(t -> {
            TarArchiveEntry e = new TarArchiveEntry("null", TarArchiveEntry.LF_CHR);
            e.setDevMajor(1);
            e.setDevMinor(3);
            put(t, e, null);
        });

        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(archive), tmp.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("'null'")
                .hasMessageContaining("character device");
    }

    @Test
    void refusesTooManyEntriesAndTooManyBytes() throws IOException {
        SafeTarExtractor small = new SafeTarExtractor(new SafeTarExtractor.Limits(100, 3));
        byte[] many = tarGz(t -> {
            for (int i = 0; i < 4; i++) {
                file(t, "f" + i, "x", 0644);
            }
        });
        byte[] big = tarGz(t -> file(t, "big.bin", "x".repeat(101), 0644));

        assertThatThrownBy(() -> small.extract(new ByteArrayInputStream(many), tmp.resolve("a")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("more than 3 entries");
        assertThatThrownBy(() -> small.extract(new ByteArrayInputStream(big), tmp.resolve("b")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("more than 100 bytes");
        try (Stream<Path> left = Files.list(tmp.resolve("b"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesGarbage() {
        byte[] garbage = {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5};

        assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(garbage), tmp.resolve("out")))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("not a readable tar.gz");
    }

    // --- archive builders

    interface Writer {
        void write(TarArchiveOutputStream t) throws IOException;
    }

    private static byte[] tarGz(Writer w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes)) {
            gz.write(tar(w));
        }
        return bytes.toByteArray();
    }

    private static byte[] tar(Writer w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            w.write(t);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream t, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        // Names like "/etc/x" or "a/../../b" must reach the archive as written: bypass normalisation.
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        e.setMode(0100000 | mode);
        put(t, e, data);
    }

    private static void dir(TarArchiveOutputStream t, String name) throws IOException {
        put(t, new TarArchiveEntry(name, true), null);
    }

    private static void symlink(TarArchiveOutputStream t, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        put(t, e, null);
    }

    private static void hardlink(TarArchiveOutputStream t, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
        e.setLinkName(target);
        put(t, e, null);
    }

    private static void put(TarArchiveOutputStream t, TarArchiveEntry e, byte[] data) throws IOException {
        t.putArchiveEntry(e);
        if (data != null) {
            t.write(data);
        }
        t.closeArchiveEntry();
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
