package io.stoker.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL cluster of a test's own, run by deploy/postgres.sh under a name of its own (its data in the script's
 * folder), so it never meets a developer's cluster. {@link #stop} and {@link #start} again keep the data.
 */
public final class ScriptPostgres implements AutoCloseable {

    private final String name;
    private String url;

    private ScriptPostgres(String name) {
        this.name = name;
    }

    /** Starts a fresh cluster named {@code name} plus this JVM's pid; waits until it answers. */
    public static ScriptPostgres start(String name) {
        ScriptPostgres cluster = new ScriptPostgres(name + "-" + ProcessHandle.current().pid());
        cluster.script("stop", "--purge");
        cluster.start();
        return cluster;
    }

    /** Starts it again (on the same data and port). */
    public void start() {
        String out = script("start");
        url = out.lines().filter(l -> l.startsWith("jdbc:")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("postgres.sh printed no URL: " + out));
    }

    /** A fast shutdown, as an operator would stop it. */
    public void stop() {
        script("stop");
    }

    public String url() {
        return url;
    }

    public String user() {
        return "stoker";
    }

    public String password() {
        return script("password").trim();
    }

    @Override
    public void close() {
        script("stop", "--purge");
    }

    private String script(String... command) {
        String script = TestApi.repo().resolve("deploy/postgres.sh").toString();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bash", script, command[0], name));
        args.addAll(java.util.Arrays.asList(command).subList(1, command.length));
        try {
            Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("postgres.sh " + String.join(" ", command) + " failed: " + out
                        + " (is PostgreSQL installed? deploy/install-prereqs.sh installs it)");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
