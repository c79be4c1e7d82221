package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.FunctionViews;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stoker list}: the deployed functions. */
@Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "List deployed functions.")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        JsonNode answer = root.client().listFunctions();
        Console console = root.context().console();
        if (output == OutputFormat.json) {
            console.println(Json.pretty(answer));
        } else {
            FunctionViews.list(answer).forEach(console::println);
        }
        return 0;
    }
}
