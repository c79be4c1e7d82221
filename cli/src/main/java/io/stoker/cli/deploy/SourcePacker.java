package io.stoker.cli.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Packs a function folder as tar.gz, paths relative to the folder (so {@code stoker.yaml} is at the
 * root). Build output and dependency folders are left out: the image build recreates them, and
 * they would make uploads large.
 */
public final class SourcePacker {

    /** Folder names never packed, at any depth. */
    public static final Set<String> SKIPPED = Set.of("target", ".git", "__pycache__");

    private SourcePacker() {}

    public static byte[] pack(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        pack(dir, bytes);
        return bytes.toByteArray();
    }

    public static void pack(Path dir, OutputStream target) {
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(target);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : files(dir)) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                TarArchiveEntry e = tar.createArchiveEntry(p, isDir ? name + "/" : name, LinkOption.NOFOLLOW_LINKS);
                tar.putArchiveEntry(e);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("packing " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /** Files and folders to pack, sorted so that the archive is the same for the same folder. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir))
                    .filter(p -> !skipped(dir.relativize(p)))
                    // symbolic links could point out of the folder; the image build gets none
                    .filter(p -> !Files.isSymbolicLink(p))
                    .sorted()
                    .toList();
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
