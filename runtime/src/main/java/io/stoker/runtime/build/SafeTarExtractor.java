package io.stoker.runtime.build;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts an uploaded function folder (tar.gz, or plain tar) into a fresh directory, refusing
 * anything that could write or point outside it.
 *
 * <p>Refused, with an {@link UnsafeArchiveException} naming the entry: paths that are absolute or
 * whose normalised form leaves the folder; symbolic links with an absolute target or one that
 * resolves outside; hard links to anything but a regular file extracted earlier (they become
 * copies); devices and FIFOs; entries that pass through a symbolic link; duplicate files; more
 * entries or more bytes (counted as read, not as the headers claim) than the limits allow; names longer than file
 * systems take (255 bytes a part, 1024 in all). On a
 * refusal, whatever was extracted is deleted.
 *
 * <p>Files keep the permission bits of their entry, masked by {@link FileModes#forImage}.
 */
public final class SafeTarExtractor {

    /**
     * Limits of one archive.
     *
     * @param maxBytes uncompressed bytes of all files together
     * @param maxEntries entries of any kind
     */
    public record Limits(long maxBytes, int maxEntries) {
        public Limits {
            if (maxBytes <= 0 || maxEntries <= 0) {
                throw new IllegalArgumentException("archive limits must be positive");
            }
        }
    }

    /** Longest name of one file or folder on Linux file systems (NAME_MAX). */
    private static final int MAX_PART_BYTES = 255;
    /** Longest entry path taken: well under PATH_MAX (4096) once under the extraction folder. */
    private static final int MAX_NAME_BYTES = 1024;

    private final Limits limits;

    public SafeTarExtractor(Limits limits) {
        this.limits = limits;
    }

    /**
     * Extracts {@code archive} into {@code target}, which must not exist or be an empty directory.
     * The stream is read to the end of the archive but not closed.
     */
    public void extract(InputStream archive, Path target) {
        Path root = prepare(target);
        try {
            extractInto(archive, root);
        } catch (UnsafeArchiveException e) {
            deleteContents(root);
            throw e;
        } catch (IOException e) {
            deleteContents(root);
            if (e.getClass().getName().startsWith("java.nio.file")) {
                throw new UncheckedIOException("cannot extract into " + root + ": " + e, e);
            }
            throw new UnsafeArchiveException("not a readable tar.gz archive: " + e.getMessage(), e);
        }
    }

    private static Path prepare(Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("extraction target " + target + " is not empty");
                }
            }
            return target.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + target + ": " + e, e);
        }
    }

    private void extractInto(InputStream archive, Path root) throws IOException {
        BufferedInputStream in = new BufferedInputStream(archive);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        InputStream raw = gzip ? new GzipCompressorInputStream(in, true) : in;
        TarArchiveInputStream tar = new TarArchiveInputStream(raw);
        long bytes = 0;
        int entries = 0;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            entries++;
            if (entries > limits.maxEntries()) {
                throw new UnsafeArchiveException("the archive has more than " + limits.maxEntries() + " entries");
            }
            String name = entry.getName();
            Path dest = destination(root, name);
            if (dest.equals(root)) {
                continue; // the "./" entry
            }
            checkNoLinkOnTheWay(root, dest, name);
            if (entry.isDirectory()) {
                if (Files.isSymbolicLink(dest) || (Files.exists(dest) && !Files.isDirectory(dest))) {
                    throw new UnsafeArchiveException("entry '" + name + "': a directory where another entry already is");
                }
                folders(dest, name);
            } else if (entry.isSymbolicLink()) {
                symlink(root, dest, name, entry.getLinkName());
            } else if (entry.isLink()) {
                bytes += hardLink(root, dest, name, entry.getLinkName());
            } else if (isRegularFile(entry)) {
                folders(dest.getParent(), name);
                bytes += copy(tar, dest, name, limits.maxBytes() - bytes);
                // the entry's own bits (a 0750 script stays executable for its group), see FileModes
                FileModes.apply(dest, entry.getMode());
            } else {
                throw new UnsafeArchiveException("entry '" + name + "' is a " + kind(entry)
                        + "; only files, directories and links are allowed");
            }
            if (bytes > limits.maxBytes()) {
                throw new UnsafeArchiveException("the archive holds more than " + limits.maxBytes() + " bytes");
            }
        }
    }

    /** Where an entry lands; refuses absolute names and names that leave the root. */
    private static Path destination(Path root, String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException("entry '" + name + "' has an empty or invalid name");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new UnsafeArchiveException("entry '" + name + "' has an absolute path");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new UnsafeArchiveException("entry '" + name.substring(0, 80) + "…' has a path longer than "
                    + MAX_NAME_BYTES + " bytes");
        }
        for (String part : name.split("/")) {
            if (part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PART_BYTES) {
                throw new UnsafeArchiveException("entry '" + name + "' has a file or folder name longer than "
                        + MAX_PART_BYTES + " bytes, more than file systems take");
            }
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root)) {
            throw new UnsafeArchiveException("entry '" + name + "' escapes the function folder");
        }
        return dest;
    }

    /**
     * Refuses to write through a symbolic link extracted earlier: lexical checks of later entries
     * cannot see where such a link really leads.
     */
    private static void checkNoLinkOnTheWay(Path root, Path dest, String name) {
        for (Path p = dest.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeArchiveException("entry '" + name + "' lies under the symbolic link '"
                        + root.relativize(p) + "'");
            }
        }
        if (Files.isSymbolicLink(dest)) {
            throw new UnsafeArchiveException("entry '" + name + "' would replace the symbolic link of the same name");
        }
    }

    private static void symlink(Path root, Path dest, String name, String target) throws IOException {
        if (target.isEmpty() || target.startsWith("/")) {
            throw new UnsafeArchiveException("symbolic link '" + name + "' points to the absolute path '" + target
                    + "'; only relative links inside the folder are allowed");
        }
        Path resolved = dest.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
            throw new UnsafeArchiveException("symbolic link '" + name + "' points outside the function folder ('"
                    + target + "')");
        }
        folders(dest.getParent(), name);
        try {
            Files.createSymbolicLink(dest, dest.getFileSystem().getPath(target));
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("entry '" + name + "' appears twice in the archive");
        }
    }

    /** Creates the folders of an entry; a file of an earlier entry where a folder must be is the archive's fault. */
    private static void folders(Path dir, String name) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException | java.nio.file.NotDirectoryException e) {
            throw new UnsafeArchiveException("entry '" + name + "' lies under a path that an earlier entry made a"
                    + " file, not a folder");
        }
    }

    /** A hard link becomes a copy of a regular file extracted earlier; returns the bytes copied. */
    private static long hardLink(Path root, Path dest, String name, String target) throws IOException {
        if (target.startsWith("/")) {
            throw new UnsafeArchiveException("hard link '" + name + "' points to the absolute path '" + target + "'");
        }
        Path source = root.resolve(target).normalize();
        if (!source.startsWith(root)) {
            throw new UnsafeArchiveException("hard link '" + name + "' points outside the function folder ('"
                    + target + "')");
        }
        checkNoLinkOnTheWay(root, source, name);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException("hard link '" + name + "' points to '" + target
                    + "', which is not a file extracted before it");
        }
        folders(dest.getParent(), name);
        try {
            Files.copy(source, dest, LinkOption.NOFOLLOW_LINKS);
            // a hard link shares its file's mode, so the copy does too
            Files.setPosixFilePermissions(dest, Files.getPosixFilePermissions(source, LinkOption.NOFOLLOW_LINKS));
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("entry '" + name + "' appears twice in the archive");
        }
        return Files.size(dest);
    }

    /** Copies one file, counting real bytes so a lying header cannot pass the limit. */
    private static long copy(InputStream in, Path dest, String name, long budget) throws IOException {
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
                if (n > budget) {
                    return n; // the caller reports the size limit
                }
                out.write(buf, 0, r);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("entry '" + name + "' appears twice in the archive");
        }
        return n;
    }

    /** Decided on the type flag alone: commons-compress also calls devices and FIFOs "files". */
    private static boolean isRegularFile(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM
                || flag == TarArchiveEntry.LF_CONTIG;
    }

    private static String kind(TarArchiveEntry e) {
        if (e.isCharacterDevice()) {
            return "character device";
        }
        if (e.isBlockDevice()) {
            return "block device";
        }
        if (e.isFIFO()) {
            return "FIFO";
        }
        return "special entry (type '" + (char) e.getLinkFlag() + "')";
    }

    private static void deleteContents(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the caller drops the whole temporary directory anyway
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
