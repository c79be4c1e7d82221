package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.Listing;
import io.stoker.cli.output.OutputFormat;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stoker audit}: the management calls the gateway took, who made them (token id) and what they got. */
@Command(mixinStandardHelpOptions = true, name = "audit",
        description = "The audit log of management calls: when, which token, what, and the outcome.")
public final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Option(names = "--since", paramLabel = "WHEN", description = "A duration back (10m, 2h, 7d) or an instant.")
    String since;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        String path = "/v1/audit" + (since == null ? "" : "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        JsonNode answer = root.client().call("GET", path, null);
        return Listing.of("entries", null, "AT", "TOKEN", "SCOPE", "CALL", "STATUS", "OUTCOME")
                .rows(e -> new String[] {Json.text(e, "", "at"), Json.text(e, "", "tokenId"), Json.text(e, "", "scope"),
                    Json.text(e, "", "method") + " " + Json.text(e, "", "path"), Json.text(e, "", "status"),
                    Json.text(e, "", "outcome")})
                .print(output, root.context().console(), answer);
    }
}
