package io.stoker.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.fuzz.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: whatever the archive (traversing names, links out, devices, duplicates, huge or lying sizes, cut or
 * damaged bytes), extraction either succeeds with everything inside the target, or is refused with an
 * {@link UnsafeArchiveException} that says why, leaving the target empty; nothing is ever written beside it, and no
 * try hangs. A fresh seed each run, printed on failure; {@code -Dstoker.fuzz.seed=N} replays one.
 */
class SafeTarExtractorFuzzTest {

    private static final int TRIES = 60;
    private static final Duration EACH = Duration.ofSeconds(20);
    private static final List<String> NAMES = List.of("a", "b.txt", "dir/", "dir/a", "dir/sub/c", "./a", "a//b",
            "../x", "dir/../../x", "/etc/stoker-fuzz", "..", ".", "dir/..", "link/x", "link/../x", "C:/x", "\\x",
            "n".repeat(150) + "/f", "d/" + "n".repeat(300), "ünï/cødé", "sp ace", "dup");
    private static final List<String> TARGETS = List.of("a", "dir/a", "../x", "../../etc", "/etc", "/etc/passwd",
            "..", ".", "dir", "link", "dir/../..", "b.txt/../../x", "", "missing", "dup");

    @TempDir
    Path tmp;

    @Test
    void anyArchiveExtractsInsideTheTargetOrIsRefusedWithAReason() throws Throwable {
        SafeTarExtractor extractor = new SafeTarExtractor(new SafeTarExtractor.Limits(20_000, 24));
        Path sentinel = tmp.resolve("outside/sentinel");
        Files.createDirectories(sentinel.getParent());
        Files.writeString(sentinel, "untouched");
        try (Fuzz fuzz = new Fuzz(Fuzz.seed())) {
            for (int i = 0; i < TRIES; i++) {
                byte[] archive = archive(fuzz);
                Path target = tmp.resolve("t" + i);
                String what = "try " + i + " (seed " + fuzz.seed + ")";
                UnsafeArchiveException refused = fuzz.bounded(EACH, what, () -> {
                    try {
                        extractor.extract(new ByteArrayInputStream(archive), target);
                        return null;
                    } catch (UnsafeArchiveException e) {
                        return e;
                    }
                });
                if (refused != null) {
                    assertThat(refused.getMessage()).as(what).isNotBlank();
                    try (Stream<Path> left = Files.list(target)) {
                        assertThat(left).as(what + ": a refused archive leaves nothing").isEmpty();
                    }
                } else {
                    assertInside(target, what);
                }
                try (Stream<Path> beside = Files.list(tmp)) {
                    assertThat(beside.map(p -> p.getFileName().toString()))
                            .as(what + ": nothing written beside the targets")
                            .allMatch(n -> n.equals("outside") || n.matches("t\\d+"));
                }
                assertThat(Files.readString(sentinel)).isEqualTo("untouched");
                assertThat(Files.exists(Path.of("/etc/stoker-fuzz"))).isFalse();
            }
        }
    }

    /**
     * Every path under the target stays under it: a link's target, read from where the link is (the walk follows no
     * link, so that place has none on the way), and every other path as the file system resolves it.
     */
    private static void assertInside(Path target, String what) throws IOException {
        Path root = target.toRealPath();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Path leads = Files.isSymbolicLink(p)
                        ? p.getParent().resolve(Files.readSymbolicLink(p)).normalize()
                        : p.toRealPath();
                // (a plain boolean: AssertJ's Path startsWith resolves the path, and a link may dangle)
                assertThat(leads.startsWith(root)).as(what + ": " + p + " leads to " + leads).isTrue();
            }
        }
    }

    private static byte[] archive(Fuzz fuzz) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean gzip = fuzz.chance(0.5);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip
                ? new GzipCompressorOutputStream(bytes) : bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            int n = 1 + fuzz.random.nextInt(fuzz.chance(0.1) ? 40 : 8);
            for (int i = 0; i < n; i++) {
                entry(fuzz, tar);
            }
        } catch (IllegalArgumentException | IOException unwritable) {
            // commons-compress refused to write such an entry: the bytes so far are a cut archive, tried as such
        }
        byte[] out = bytes.toByteArray();
        if (fuzz.chance(0.25) && out.length > 0) {
            out = java.util.Arrays.copyOf(out, fuzz.random.nextInt(out.length));
        } else if (fuzz.chance(0.2) && out.length > 0) {
            for (int k = 0, m = 1 + fuzz.random.nextInt(6); k < m; k++) {
                out[fuzz.random.nextInt(out.length)] = (byte) fuzz.random.nextInt(256);
            }
        }
        return out;
    }

    private static void entry(Fuzz fuzz, TarArchiveOutputStream tar) throws IOException {
        String name = fuzz.chance(0.9) ? fuzz.pick(NAMES) : fuzz.string();
        int kind = fuzz.random.nextInt(10);
        TarArchiveEntry e;
        byte[] content = new byte[0];
        switch (kind) {
            case 0 -> e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR);
            case 1, 2 -> {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(fuzz.pick(TARGETS));
            }
            case 3 -> {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
                e.setLinkName(fuzz.pick(TARGETS));
            }
            case 4 -> e = new TarArchiveEntry(name, fuzz.chance(0.5) ? TarArchiveEntry.LF_FIFO : TarArchiveEntry.LF_CHR);
            default -> {
                e = new TarArchiveEntry(name);
                content = ("x".repeat(fuzz.chance(0.1) ? 30_000 : fuzz.random.nextInt(200)))
                        .getBytes(StandardCharsets.UTF_8);
                e.setSize(content.length);
                e.setMode(fuzz.pick(new Integer[] {0644, 0755, 04777, 0, 07777}));
            }
        }
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
