package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.FunctionViews;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stoker describe NAME}: one function's spec and instances. */
@Command(mixinStandardHelpOptions = true, name = "describe", description = "Show a function's spec and its instances.")
public final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        JsonNode fn = root.client().getFunction(Args.name(spec, name));
        Console console = root.context().console();
        if (output == OutputFormat.json) {
            console.println(Json.pretty(fn));
        } else {
            FunctionViews.describe(fn).forEach(console::println);
        }
        return 0;
    }
}
