package io.stoker.cli.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/** Whether a build output is missing or older than any of its sources (files or whole folders). */
public final class Staleness {

    private Staleness() {}

    public static boolean isStale(Path artifact, List<Path> sources) {
        if (!Files.isRegularFile(artifact)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(artifact);
            for (Path src : sources) {
                if (!Files.exists(src)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(src)) {
                    if (walk.filter(Files::isRegularFile).anyMatch(p -> newer(p, built))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean newer(Path p, FileTime than) {
        try {
            return Files.getLastModifiedTime(p).compareTo(than) > 0;
        } catch (IOException e) {
            return true;
        }
    }
}
