package io.stoker.runtime.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Permission bits of function files, as the CLI packs them and the gateway extracts them into the
 * build context. Only the rwx bits of owner, group and other ever travel: setuid, setgid and
 * sticky bits have no business in an uploaded folder.
 */
public final class FileModes {

    /** The rwx bits of owner, group and other. */
    public static final int PERMISSIONS = 0777;

    /**
     * What the gateway keeps of an uploaded mode: no write for group or other (the function runs
     * from a read-only root filesystem anyway), and always owner-read, since the gateway reads the
     * file back into the build context.
     */
    public static final int IMAGE_MASK = 0755;

    private FileModes() {}

    /**
     * The permission bits of a regular file (not following links). Where the filesystem has no
     * POSIX attributes, 0755 if the file is executable, else 0644.
     */
    public static int of(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file) ? 0755 : 0644;
        }
        int mode = 0;
        for (PosixFilePermission p : perms) {
            // the enum runs OWNER_READ .. OTHERS_EXECUTE, i.e. from bit 8 down to bit 0
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    /** The bits an extracted or context file gets from the mode its archive entry or file had. */
    public static int forImage(int mode) {
        return (mode & IMAGE_MASK) | 0400;
    }

    /** Sets {@link #forImage} bits of {@code mode} on an extracted file. */
    static void apply(Path file, int mode) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(text(forImage(mode))));
    }

    /** "rwxr-x---" for 0750. */
    static String text(int mode) {
        StringBuilder s = new StringBuilder(9);
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) == 0 ? '-' : "rwx".charAt((8 - bit) % 3));
        }
        return s.toString();
    }
}
