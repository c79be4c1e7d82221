package io.stoker.runtime.build;

import io.stoker.runtime.spec.SpecParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Assembles the Docker build context of a function as an uncompressed tar.
 *
 * <p>Layout: for the java, node and python templates, the template folder's files at the root
 * (its Dockerfile among them) and the function folder under {@code function/}; for the
 * {@code dockerfile} template, the function folder itself at the root (it must hold a
 * Dockerfile). Entries are sorted, owned by 0:0 and carry a fixed time, so the same sources give
 * the same context and the engine's build cache hits on a redeploy. Files keep their permission
 * bits, masked by {@link FileModes#forImage}.
 *
 * <p>A node function with a {@code package.json} gets its dependencies from npm in the image
 * build, so its own top-level {@code node_modules/} (a developer's local install, dev
 * dependencies and host-built native modules included) is left out: it would shadow what npm
 * installed for the image.
 */
public final class BuildContext {

    /** Folder of the function inside the context, for the language templates. */
    public static final String FUNCTION_DIR = "function/";

    private static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private BuildContext() {}

    /**
     * Writes the context tar to {@code out} (which stays open).
     *
     * @param template one of {@link SpecParser#TEMPLATES}
     * @param templatesDir the folder holding one folder per template
     * @param functionDir the function folder, already extracted and validated
     * @throws IllegalArgumentException if the template name is unknown, or the function folder
     *     lacks what its template needs (bad input)
     * @throws IllegalStateException if the template is not installed under {@code templatesDir}
     */
    public static void write(String template, Path templatesDir, Path functionDir, OutputStream out) {
        if (!SpecParser.TEMPLATES.contains(template)) {
            throw new IllegalArgumentException("unknown template '" + template + "'; known: "
                    + SpecParser.TEMPLATES.stream().sorted().collect(Collectors.joining(", ")));
        }
        if (!Files.isDirectory(functionDir)) {
            throw new IllegalArgumentException("function folder " + functionDir + " does not exist");
        }
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            if (template.equals("dockerfile")) {
                if (!Files.isRegularFile(functionDir.resolve("Dockerfile"))) {
                    throw new IllegalArgumentException(
                            "the dockerfile template needs a file named Dockerfile at the top of the function folder");
                }
                addTree(tar, functionDir, "", null);
            } else {
                Path templateDir = templatesDir.resolve(template);
                if (!Files.isRegularFile(templateDir.resolve("Dockerfile"))) {
                    throw new IllegalStateException("template '" + template + "' is not installed: no "
                            + templateDir.resolve("Dockerfile"));
                }
                addTree(tar, templateDir, "", null);
                Path skip = template.equals("node") && Files.isRegularFile(functionDir.resolve("package.json"))
                        ? functionDir.resolve("node_modules") : null;
                addTree(tar, functionDir, FUNCTION_DIR, skip);
            }
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context: " + e, e);
        }
    }

    /** Writes the context to a new temporary file, which the caller deletes. */
    public static Path writeTempFile(String template, Path templatesDir, Path functionDir) {
        Path file = null;
        try {
            file = Files.createTempFile("stoker-context-", ".tar");
            try (OutputStream out = Files.newOutputStream(file)) {
                write(template, templatesDir, functionDir, out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context: " + e, e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** Adds {@code dir}'s tree under {@code prefix}, without {@code skip} and what lies under it (null: nothing). */
    private static void addTree(TarArchiveOutputStream tar, Path dir, String prefix, Path skip) throws IOException {
        if (!prefix.isEmpty()) {
            tar.putArchiveEntry(dirEntry(prefix));
            tar.closeArchiveEntry();
        }
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.filter(p -> !p.equals(dir) && (skip == null || !p.startsWith(skip)))
                    .sorted().collect(Collectors.toList());
        }
        for (Path p : paths) {
            String name = prefix + dir.relativize(p).toString().replace('\\', '/');
            if (Files.isSymbolicLink(p)) {
                TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
                stamp(e, 0777);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                tar.putArchiveEntry(dirEntry(name + "/"));
                tar.closeArchiveEntry();
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(Files.size(p));
                // the file's real bits: a 0700 or 0750 script keeps its exec bit for the right class
                stamp(e, FileModes.forImage(FileModes.of(p)));
                tar.putArchiveEntry(e);
                Files.copy(p, tar);
                tar.closeArchiveEntry();
            }
            // Anything else (sockets, devices) has no place in a build context: left out.
        }
    }

    private static TarArchiveEntry dirEntry(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        stamp(e, 0755);
        return e;
    }

    private static void stamp(TarArchiveEntry e, int permissions) {
        e.setMode((e.getMode() & ~07777) | permissions);
        e.setIds(0, 0);
        e.setUserName("");
        e.setGroupName("");
        e.setLastModifiedTime(FIXED_TIME);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    /** Lets the tar stream finish without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
