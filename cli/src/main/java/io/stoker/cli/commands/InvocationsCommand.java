package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.InvocationViews;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.OutputFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stoker invocations [NAME]}: the records of recent calls, newest first, one page. */
@Command(mixinStandardHelpOptions = true, name = "invocations",
        description = "List the records of recent calls, newest first (of one function, or of all).")
public final class InvocationsCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this function's calls.")
    String name;

    @Option(names = "--status", paramLabel = "S",
            description = "Only calls that ended so: success, function_error, timeout, rejected, instance_failed, ...")
    String status;

    @Option(names = "--trigger", paramLabel = "T", description = "Only calls from http, kafka, async or schedule.")
    String trigger;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only calls that arrived since: 10m, 2h, 7d, or an"
            + " instant (2026-01-31T12:00:00Z).")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "Calls on one page (1 to 1000, default 20).")
    int limit = 20;

    @Option(names = "--cursor", paramLabel = "C", description = "The page after this cursor (printed under a full page).")
    String cursor;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        if (name != null) {
            Args.name(spec, name);
        }
        if (limit < 1 || limit > 1000) {
            throw Args.usage(spec, "--limit must be between 1 and 1000, not " + limit);
        }
        Args.since(spec, since);
        Map<String, String> query = new LinkedHashMap<>();
        put(query, "function", name);
        put(query, "status", status);
        put(query, "trigger", trigger);
        put(query, "since", since);
        query.put("limit", Integer.toString(limit));
        put(query, "cursor", cursor);
        JsonNode page = root.client().invocations(query);
        Console console = root.context().console();
        if (output == OutputFormat.json) {
            console.println(Json.pretty(page));
        } else {
            InvocationViews.list(page).forEach(console::println);
        }
        return 0;
    }

    private static void put(Map<String, String> query, String key, String value) {
        if (value != null && !value.isBlank()) {
            query.put(key, value);
        }
    }
}
