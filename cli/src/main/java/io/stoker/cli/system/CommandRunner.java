package io.stoker.cli.system;

import io.stoker.cli.CliException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Runs a helper command (a set-up script, Maven) to its end, streaming its output line by line. */
public final class CommandRunner {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    private CommandRunner() {}

    /** Runs {@code command} in {@code dir}; each output line (stdout and stderr) goes to {@code lines}. */
    public static int run(List<String> command, Path dir, Map<String, String> env, Consumer<String> lines) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    // Debian's Maven prints bare colour resets even in batch mode
                    String clean = ANSI.matcher(line).replaceAll("");
                    if (!clean.isEmpty() || line.isEmpty()) {
                        lines.accept(clean);
                    }
                }
            }
            return p.waitFor();
        } catch (IOException e) {
            throw new CliException("cannot run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while running " + command.get(0));
        }
    }

    /** Like {@link #run} but a non-zero exit is an error naming the command and what to do. */
    public static void runOrFail(List<String> command, Path dir, Map<String, String> env, Consumer<String> lines) {
        int code = run(command, dir, env, lines);
        if (code != 0) {
            throw new CliException(String.join(" ", command) + " failed (exit " + code
                    + "): fix what it printed above, then run `bin/stoker up` again");
        }
    }
}
