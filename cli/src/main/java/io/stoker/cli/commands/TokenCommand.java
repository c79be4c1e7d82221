package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.Listing;
import io.stoker.cli.output.OutputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stoker token create|list|revoke}: tokens with a scope (admin, deploy, invoke, read), shown once. */
@Command(mixinStandardHelpOptions = true, name = "token",
        description = "API tokens with a scope: admin, deploy, invoke or read.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand extends CommandGroup {

    @ParentCommand
    StokerCommand root;


    @Command(mixinStandardHelpOptions = true, name = "create", description = {
        "Create a token; it is printed once and cannot be shown again (the gateway keeps only its hash).",
        "read: GET on /v1; deploy: create and update functions and secrets; invoke: call the --function ones;",
        "admin: everything."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "admin, deploy, invoke or read.")
        String scope;

        @Option(names = "--function", paramLabel = "NAME", arity = "1..*",
                description = "Functions the token is for (required for invoke; limits deploy and read to them).")
        List<String> functions = new ArrayList<>();

        @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime, e.g. 12h or 30d (default: none).")
        String expires;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default) or json.")
        OutputFormat output = OutputFormat.table;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("scope", scope);
            functions.forEach(body.putArray("functions")::add);
            if (expires != null) {
                body.put("expires", expires);
            }
            JsonNode t = parent.root.client().call("POST", "/v1/tokens", body);
            Console console = parent.root.context().console();
            if (Json.printedAsJson(output, console, t)) {
                return 0;
            }
            console.println(Json.text(t, "", "token"));
            console.info("token " + Json.text(t, "", "id") + " (" + scope + (functions.isEmpty() ? "" : " for "
                    + String.join(",", functions)) + (t.path("expiresAt").isNull() ? ", no expiry" : ", expires "
                    + Json.text(t, "", "expiresAt")) + "): keep it now, it is not shown again");
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls",
            description = "Tokens: id, scope, functions, expiry (never the token).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        OutputFormat output = OutputFormat.table;

        @Override
        public Integer call() {
            JsonNode answer = parent.root.client().call("GET", "/v1/tokens", null);
            return Listing.of("tokens", "no scoped tokens (the admin token is in $STOKER_HOME/token): stoker token"
                            + " create --scope read", "ID", "SCOPE", "FUNCTIONS", "CREATED", "EXPIRES")
                    .rows(t -> new String[] {Json.text(t, "", "id"), Json.text(t, "", "scope"),
                        Listing.joined(t.path("functions")), Json.text(t, "", "createdAt"),
                        t.path("expiresAt").isNull() ? "never" : Json.text(t, "", "expiresAt")
                                + (t.path("expired").asBoolean() ? " (expired)" : "")})
                    .print(output, parent.root.context().console(), answer);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "revoke", description = "Revoke a token at once, by its id.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            parent.root.client().call("DELETE", "/v1/tokens/" + id, null);
            parent.root.context().console().println("revoked token " + id);
            return 0;
        }
    }
}
