package io.stoker.gateway.records;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes exactly one of the two record datasources active, from Stoker's own settings: {@code postgres} when
 * {@code stoker.records.postgres.url} is set, else {@code embedded}; neither when records are off. A datasource's
 * kind is fixed at build time, its activity is not, so both are built in and one is switched on at start (its
 * Flyway migration runs with it). At a low ordinal: an explicit {@code quarkus.datasource.*.active} still wins.
 */
public class StoreSelection implements ConfigSourceFactory {

    static final String EMBEDDED = "embedded";
    static final String POSTGRES = "postgres";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean enabled = !"false".equalsIgnoreCase(value(context, "stoker.records.enabled"));
        String url = value(context, "stoker.records.postgres.url");
        boolean postgres = url != null && !url.isBlank();
        // Only when the gateway starts: the build reads this configuration too, and makes no folders
        if (enabled && !postgres && ExecutionMode.current() != ExecutionMode.UNSET) {
            makeEmbeddedDirectory(value(context, "stoker.records.embedded-path"));
        }
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource." + EMBEDDED + ".active", Boolean.toString(enabled && !postgres),
                "quarkus.datasource." + POSTGRES + ".active", Boolean.toString(enabled && postgres)),
                "stoker-record-store-selection", 50));
    }

    /** SQLite makes its file, not the folders above it; before the datasource first opens it (Flyway, at start). */
    private static void makeEmbeddedDirectory(String path) {
        if (path == null || path.isBlank()) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the embedded record store's folder " + parent
                    + " (stoker.records.embedded-path; STOKER_HOME): " + e.getMessage(), e);
        }
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    /** The name of the datasource the records use under these settings. */
    static String active(RecordsConfig config) {
        return config.postgres().url().filter(u -> !u.isBlank()).isPresent() ? POSTGRES : EMBEDDED;
    }
}
