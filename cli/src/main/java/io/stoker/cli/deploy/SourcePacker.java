package io.stoker.cli.deploy;

import io.stoker.runtime.build.FileModes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
 *
 * <p>Each file keeps its permission bits (a script stays executable in the image); owners, times
 * and order are normalised, so the same folder gives the same bytes and so the same image tag.
 */
public final class SourcePacker {

    /** Folder names never packed, at any depth. */
    public static final Set<String> SKIPPED = Set.of("target", ".git", "__pycache__");

    /** Mode of every folder entry. */
    static final int DIR_MODE = 0755;

    /** Time of every entry: the file's own time would change the archive, and so the image tag. */
    static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

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
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tar.putArchiveEntry(entry(name + "/", DIR_MODE));
                    tar.closeArchiveEntry();
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry e = entry(name, FileModes.of(p));
                    e.setSize(Files.size(p));
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
                // Sockets, devices and FIFOs have no place in a function folder: left out.
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

    /**
     * A normalised entry: the given permission bits, owner 0:0 with no names and a fixed time, so
     * only names, modes and contents decide the bytes.
     */
    private static TarArchiveEntry entry(String name, int permissions) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode((e.getMode() & ~07777) | permissions);
        e.setIds(0, 0);
        e.setUserName("");
        e.setGroupName("");
        e.setLastModifiedTime(FIXED_TIME);
        return e;
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
