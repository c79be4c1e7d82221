package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.OutputFormat;
import io.stoker.cli.output.Progress;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stoker push NAME REPO[:TAG]}: the gateway pushes a deployed function's image to a registry. */
@Command(mixinStandardHelpOptions = true, name = "push", description = {
    "Push the image a deployed function runs to a registry (host[:port]/repository[:tag];",
    "the tag defaults to the image's own). Prints the reference by digest."})
public final class PushCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "REPO[:TAG]")
    String repository;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default: text lines) or json (the pushed event).")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        Args.name(spec, name);
        Args.repository(spec, repository);
        Console console = root.context().console();
        AtomicReference<JsonNode> pushed = new AtomicReference<>();
        try (Progress progress = console.progress()) {
            root.client().push(name, repository, lines -> pushed.set(follow(lines.iterator(), progress)));
        }
        JsonNode p = pushed.get();
        if (output == OutputFormat.json) {
            console.println(Json.pretty(p));
            return 0;
        }
        console.println("pushed " + name + " to " + Json.text(p, "?", "target"));
        console.println("digest: " + Json.text(p, "?", "digest"));
        console.println("run it anywhere by digest: stoker deploy --image " + Json.text(p, "?", "reference")
                + " --name " + name);
        return 0;
    }

    private JsonNode follow(Iterator<String> lines, Progress progress) {
        while (lines.hasNext()) {
            String line = lines.next().strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(line);
            } catch (java.io.IOException e) {
                progress.status(line);
                continue;
            }
            switch (Json.text(event, "", "event")) {
                case "progress" -> progress.status(Json.text(event, "", "message"));
                case "pushed" -> {
                    return event;
                }
                case "error" -> throw new CliException("pushing " + name + " failed: "
                        + Json.text(event, "no message", "message") + " (" + Json.text(event, "error", "error") + ")");
                default -> progress.status(line);
            }
        }
        throw new CliException("the gateway ended the push of " + name + " before it was done; push again");
    }
}
