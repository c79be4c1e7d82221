package io.stoker.gateway.build;

import io.stoker.runtime.build.FileModes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A short digest of a folder's paths, permission bits and contents: the same source gets the same image tag, so it is
 * not rebuilt. The bits count because the image keeps them: a script made executable is a new image.
 */
final class ContentHash {

    private ContentHash() {}

    /** Digest over the folders in order; a folder that does not exist counts as empty. */
    static String of(Path... folders) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    digest.update(folder.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(Integer.toOctalString(FileModes.forImage(FileModes.of(p))).getBytes(StandardCharsets.US_ASCII));
                    digest.update((byte) 0);
                    digest.update(Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + folder, e);
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }
}
