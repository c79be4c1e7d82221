package io.stoker.runtime.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real registry process (Debian's docker-registry) on a free loopback port, started and stopped by the project's
 * own script, deploy/registry.sh, so the tests run the registry the way a user would. Closing it stops the process
 * and removes its data.
 */
public final class LocalRegistry implements AutoCloseable {

    private final String name;
    private final String host;
    private final String user;
    private final String password;

    private LocalRegistry(String name, String host, String user, String password) {
        this.name = name;
        this.host = host;
        this.user = user;
        this.password = password;
    }

    /** A registry that asks for no credentials. */
    public static LocalRegistry open(String name) {
        return new LocalRegistry(name, script(null, "start", name).strip(), null, null);
    }

    /** A registry behind basic auth (a bcrypt htpasswd file) for {@code user}. */
    public static LocalRegistry locked(String name, String user, String password) {
        return new LocalRegistry(name, script(password, "start", name, "--user", user).strip(), user, password);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return host;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        script(null, "stop", name, "--purge");
    }

    private static String script(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(repo().resolve("deploy/registry.sh").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (is docker-registry installed? deploy/install-prereqs.sh"
                        + " installs it): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " interrupted", e);
        }
    }

    private static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/registry.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (with deploy/registry.sh)");
        }
        return dir;
    }
}
