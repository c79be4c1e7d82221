package io.stoker.cli;

import io.stoker.cli.output.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Runs the CLI in-process with captured output, a chosen environment and a fake host. */
public final class CliRunner {

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    public final Map<String, String> env = new HashMap<>();
    public final FakeHost host = new FakeHost();
    public Path repo;
    public Path userHome;

    public CliRunner(Path userHome) {
        this.userHome = userHome;
        env.put("STOKER_HOME", userHome.resolve(".stoker").toString());
    }

    public CliRunner gateway(String url) {
        env.put("STOKER_GATEWAY", url);
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false, false, env);
        CliContext ctx = new CliContext(
                Map.copyOf(env), Optional.ofNullable(repo), userHome, console, host, CliContext.defaultHttp());
        int code = StokerCommand.commandLine(ctx).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
