package io.stoker.gateway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.gateway.registry.SecretVersions;
import io.stoker.runtime.engine.SecretMount;
import io.stoker.runtime.instance.LaunchException;
import io.stoker.runtime.instance.SpecHash;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of a function version on a real tmpfs ({@code /dev/shm}): 0400 files and a 0500 directory owned by the
 * instance's user, written once per version, removed with it; a named user or a directory off tmpfs is refused. And
 * the version a secret adds to a function's hash: stable across a restart, new after an update, none without secrets.
 */
class HostSecretFilesTest {

    @TempDir
    Path home;

    private Path shm;

    private SecretStore store() {
        return new SecretStore(home.resolve("secrets"), new AtRest(home.resolve("secret.key")), Clock.systemUTC());
    }

    private HostSecretFiles files(SecretStore store) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "needs /dev/shm");
        if (shm == null) {
            shm = Files.createTempDirectory(Path.of("/dev/shm"), "stoker-unit-");
        }
        return new HostSecretFiles(shm.resolve("files"), store);
    }

    @AfterEach
    void clean() throws Exception {
        if (shm != null) {
            try (var walk = Files.walk(shm)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static FunctionSpec spec(String yaml) {
        return SpecParser.parse("name: fn\nimage: x\n" + yaml);
    }

    @Test
    void aVersionsFilesAreTheUsersAloneOnceAndGoWithTheVersion() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        SecretStore store = store();
        store.create("db", Map.of("password", "pw".getBytes(StandardCharsets.UTF_8)));
        HostSecretFiles files = files(store);
        FunctionSpec spec = spec("secrets: [db]\n");

        List<SecretMount> mounts = files.mountsFor(spec, "h1", "4321:4322");
        assertThat(mounts).extracting(SecretMount::name).containsExactly("db");
        Path dir = Path.of(mounts.get(0).hostDir());
        Path file = dir.resolve("password");
        assertThat(Files.readString(file)).isEqualTo("pw");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("r--------"));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("r-x------"));
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(4321);
        assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(4322);
        assertThat(Files.getPosixFilePermissions(dir.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));

        store.update("db", Map.of("password", "new".getBytes(StandardCharsets.UTF_8)));
        assertThat(files.mountsFor(spec, "h1", "4321:4322")).isEqualTo(mounts);
        assertThat(Files.readString(file)).as("a version's files are written once").isEqualTo("pw");
        Path h2 = Path.of(files.mountsFor(spec, "h2", "4321").get(0).hostDir());
        assertThat(Files.readString(h2.resolve("password"))).isEqualTo("new");

        files.retainOnly(Set.of(HostSecretFiles.versionName("fn", "h2")));
        assertThat(Files.exists(dir)).isFalse();
        files.release("fn", "h2");
        assertThat(Files.exists(h2)).isFalse();
    }

    @Test
    void forAnEngineThatCopiesThemTheFilesStayTheGatewaysOwn() throws Exception {
        SecretStore store = store();
        store.create("db", Map.of("password", "pw".getBytes(StandardCharsets.UTF_8)));
        files(store); // makes shm
        HostSecretFiles copied = new HostSecretFiles(shm.resolve("copied"), store, false);
        var mount = copied.mountsFor(spec("secrets: [db]\n"), "h1", "4321:4321").get(0);
        Path file = Path.of(mount.hostDir(), "password");
        int self = (Integer) Files.getAttribute(shm, "unix:uid");
        assertThat(Files.getAttribute(file, "unix:uid")).as("not given to uid 4321").isEqualTo(self);
        assertThat(Files.readString(file)).isEqualTo("pw");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--------");
    }

    @Test
    void aNamedUserOrADirectoryOffTmpfsIsRefused() throws Exception {
        SecretStore store = store();
        store.create("db", Map.of("k", new byte[] {1}));
        FunctionSpec spec = spec("secrets: [db]\n");
        assertThatThrownBy(() -> files(store).mountsFor(spec, "h", "app"))
                .isInstanceOf(LaunchException.class).hasMessageContaining("numeric user");
        Assumptions.assumeFalse("tmpfs".equals(Files.getFileStore(home).type()), "the temp dir is a tmpfs here");
        assertThatThrownBy(() -> new HostSecretFiles(home.resolve("files"), store).mountsFor(spec, "h", "1:1"))
                .isInstanceOf(LaunchException.class).hasMessageContaining("not a tmpfs");
    }

    @Test
    void aSecretsVersionEntersTheHashStablyAndOnlyForFunctionsNamingIt() throws Exception {
        SecretStore store = store();
        store.create("db", Map.of("k", new byte[] {1}));
        SecretVersions versions = new SecretVersions(store, files(store));
        FunctionSpec plain = spec("");
        FunctionSpec named = spec("secrets: [db]\n");
        assertThat(versions.hashOf(plain)).isEqualTo(SpecHash.of(plain));
        String before = versions.hashOf(named);
        assertThat(before).isNotEqualTo(SpecHash.of(named));
        assertThat(new SecretVersions(store(), files(store())).hashOf(named)).as("after a restart").isEqualTo(before);
        store.update("db", Map.of("k", new byte[] {1}));
        assertThat(versions.hashOf(named)).as("even the same value is a new version").isNotEqualTo(before);
        assertThatThrownBy(() -> versions.requireExisting(spec("secrets: [db, nope]\n")))
                .hasMessageContaining("'nope'");
    }
}
