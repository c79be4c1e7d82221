package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.InvocationViews;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.OutputFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stoker invocation ID}: the record of one call; {@code --result} prints its answer's body (async calls). */
@Command(mixinStandardHelpOptions = true, name = "invocation",
        description = "Show the record of one call (its id is the X-Call-Id or x-stoker-invocation-id it was given).")
public final class InvocationCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--result", description = "Print only the body of the call's answer (kept for async calls).")
    boolean result;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        JsonNode record = root.client().invocation(id);
        Console console = root.context().console();
        if (result) {
            JsonNode answer = record.path("result");
            if (answer.isMissingNode()) {
                throw new CliException("call " + id + " has no result kept (only async calls keep their answer);"
                        + " see `stoker invocation " + id + "`");
            }
            if (output == OutputFormat.json) {
                console.println(Json.pretty(answer));
            } else if (answer.has("bodyBase64")) {
                console.info("the body is not UTF-8 text: printed in base64 (decode it with `base64 -d`)");
                console.println(answer.path("bodyBase64").asText());
            } else {
                console.out().print(answer.path("body").asText());
                console.out().flush();
            }
            return 0;
        }
        if (output == OutputFormat.json) {
            console.println(Json.pretty(record));
        } else {
            InvocationViews.describe(record).forEach(console::println);
        }
        return 0;
    }
}
