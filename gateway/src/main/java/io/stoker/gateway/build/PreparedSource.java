package io.stoker.gateway.build;

import io.stoker.runtime.spec.FunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An uploaded function folder, extracted and with a valid spec; closing it deletes the folder.
 *
 * @param spec the parsed {@code stoker.yaml}
 * @param folder where the folder was extracted
 */
public record PreparedSource(FunctionSpec spec, Path folder) implements AutoCloseable {

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + folder, e);
        }
    }
}
