package io.stoker.gateway.secrets;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.engine.SecretMount;
import io.stoker.runtime.instance.LaunchException;
import io.stoker.runtime.instance.SecretFiles;
import io.stoker.runtime.spec.FunctionSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Writes the secrets a function names as files on a host tmpfs, one directory per function version
 * ({@code <files-dir>/<function>-<specHash>/<secret>/<key>}), for the engine to mount read-only into its instances.
 * Each secret's directory is mode 0500 and each file 0400, both owned by the instance's user; the folders above are
 * the gateway's alone (0700). A version's directory is written once, whole (moved into place), and removed with the
 * version ({@link #release}). The directory must be on a tmpfs, so no value ever reaches a disk.
 */
@ApplicationScoped
public class HostSecretFiles implements SecretFiles {

    private static final Logger LOG = Logger.getLogger(HostSecretFiles.class);
    private static final Pattern NUMERIC_USER = Pattern.compile("(\\d{1,10})(?::(\\d{1,10}))?");

    private final Path root;
    private final SecretStore store;
    private final boolean giveToUser;

    /**
     * On Kubernetes the files stay the gateway's (a non-root pod that cannot chown): the engine copies them into a
     * {@code Secret}, and the kubelet gives the secret volume to the function's group.
     */
    @jakarta.inject.Inject
    public HostSecretFiles(StokerConfig config, SecretStore store) {
        this(config.secrets().filesDir().map(Path::of).orElseGet(() -> defaultDir(config.home())), store,
                config.engine().driver() != StokerConfig.Engine.Driver.KUBERNETES);
    }

    public HostSecretFiles(Path root, SecretStore store) {
        this(root, store, true);
    }

    /** @param giveToUser whether the files are given to the instance's user (an engine that mounts them as they are) */
    public HostSecretFiles(Path root, SecretStore store, boolean giveToUser) {
        this.root = root;
        this.store = store;
        this.giveToUser = giveToUser;
    }

    /** {@code /dev/shm/stoker-<hash of the home>}: one per gateway home, so two gateways never share one. */
    public static Path defaultDir(String home) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    Path.of(home).toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/dev/shm", "stoker-" + HexFormat.of().formatHex(d).substring(0, 12));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public synchronized List<SecretMount> mountsFor(FunctionSpec spec, String specHash, String user) {
        java.util.regex.Matcher m = NUMERIC_USER.matcher(user);
        if (!m.matches()) {
            throw new LaunchException("function '" + spec.name() + "' runs as '" + user + "', a name the gateway"
                    + " cannot give files to; a function with secrets needs a numeric user: set user: uid:gid");
        }
        int uid = Integer.parseInt(m.group(1));
        int gid = m.group(2) == null ? uid : Integer.parseInt(m.group(2));
        Path version = versionDir(spec.name(), specHash);
        List<SecretMount> mounts = new ArrayList<>();
        try {
            ensureRoot();
            mkdirPrivate(version);
            for (String name : spec.secrets()) {
                Path dir = version.resolve(name);
                if (!Files.isDirectory(dir)) {
                    write(spec.name(), name, dir, uid, gid);
                }
                mounts.add(new SecretMount(name, dir.toString()));
            }
        } catch (IOException e) {
            throw new LaunchException("cannot write the secret files of '" + spec.name() + "' under " + root + ": "
                    + e.getMessage(), e);
        }
        return mounts;
    }

    /** Removes a version's files (its instances are gone). */
    public synchronized void release(String function, String specHash) {
        deleteTree(versionDir(function, specHash));
    }

    /** Removes the files of every version but {@code live} ({@code function-hash} names), e.g. after a restart. */
    public synchronized void retainOnly(Set<String> live) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> !live.contains(d.getFileName().toString())).forEach(this::deleteTree);
        } catch (IOException e) {
            LOG.warnf("cannot list %s to remove stale secret files: %s", root, e.getMessage());
        }
    }

    public static String versionName(String function, String specHash) {
        return function + "-" + specHash;
    }

    private Path versionDir(String function, String specHash) {
        return root.resolve(versionName(function, specHash));
    }

    private void write(String function, String name, Path dir, int uid, int gid) throws IOException {
        Map<String, byte[]> values = store.values(name).orElseThrow(() -> new LaunchException("function '" + function
                + "' names the secret '" + name + "', which does not exist; create it: stoker secret create " + name));
        Path tmp = Files.createTempDirectory(dir.getParent(), "." + name + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            for (Map.Entry<String, byte[]> e : values.entrySet()) {
                Path file = tmp.resolve(e.getKey());
                Files.write(Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), e.getValue());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
                chown(file, uid, gid);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-x------"));
            chown(tmp, uid, gid);
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private void chown(Path p, int uid, int gid) throws IOException {
        if (!giveToUser) {
            return;
        }
        try {
            Files.setAttribute(p, "unix:uid", uid);
            Files.setAttribute(p, "unix:gid", gid);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot give " + p.getFileName() + " to uid " + uid + " (the gateway must run as"
                    + " root to hand secret files to a function's user): " + e.getMessage(), e);
        }
    }

    private void ensureRoot() throws IOException {
        mkdirPrivate(root);
        String type = Files.getFileStore(root).type();
        if (!"tmpfs".equals(type)) {
            throw new IOException(root + " is on a " + type + " file system, not a tmpfs, so secret values would reach"
                    + " a disk; set stoker.secrets.files-dir to a directory on a tmpfs (e.g. under /dev/shm)");
        }
    }

    private static void mkdirPrivate(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private void deleteTree(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("cannot remove the secret files in %s: %s", top, e.getMessage());
        }
    }
}
