package io.stoker.cli.commands;

import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stoker logs NAME}: the function's instance logs, optionally followed. */
@Command(mixinStandardHelpOptions = true, name = "logs", description = "Print a function's logs (each line prefixed by its instance id).")
public final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N",
            description = "Lines from the end to start with (default 100; with --since, every line since then).")
    Integer tail;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only lines written since: 10m, 2h, 7d, or an instant (2026-01-31T12:00:00Z).")
    String since;

    @Override
    public Integer call() {
        Args.name(spec, name);
        if (tail != null && tail < 0) {
            throw Args.usage(spec, "--tail must be 0 or more, not " + tail);
        }
        Args.since(spec, since);
        // With --since the time says where to start: every line since then, up to the gateway's limit.
        int lines = tail != null ? tail : since != null ? 100_000 : 100;
        Console console = root.context().console();
        root.client().logs(name, follow, lines, since, out -> out.forEach(l -> {
            console.out().println(l);
            // followed lines must show up as they come, not when a buffer fills
            console.out().flush();
        }));
        return 0;
    }
}
