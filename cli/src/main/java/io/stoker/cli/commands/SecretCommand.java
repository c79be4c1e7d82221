package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.Listing;
import io.stoker.cli.output.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stoker secret create|update|list|delete}: secrets the gateway keeps encrypted and gives to the functions
 * naming them ({@code secrets:} in stoker.yaml) as files under /var/stoker/secrets/NAME/. Values come from
 * {@code --from-literal}, {@code --from-file} or stdin; nothing ever prints one back.
 */
@Command(mixinStandardHelpOptions = true, name = "secret",
        description = "Secrets, given to functions as read-only files at /var/stoker/secrets/NAME/KEY.",
        subcommands = {SecretCommand.Create.class, SecretCommand.Update.class, SecretCommand.ListSecrets.class,
            SecretCommand.Delete.class})
public final class SecretCommand extends CommandGroup {

    @ParentCommand
    StokerCommand root;


    /** Where a secret's values come from: literals, files, or stdin as one key. */
    static final class Values {
        @Option(names = "--from-literal", paramLabel = "KEY=VALUE",
                description = "A key and its value (repeatable). Shells keep history: prefer --from-file or stdin.")
        List<String> literals = new ArrayList<>();

        @Option(names = "--from-file", paramLabel = "KEY=PATH", description = "A key and the file holding its value (repeatable).")
        List<String> files = new ArrayList<>();

        @Option(names = "--key", paramLabel = "KEY", description = "With neither option: the key stdin's content is stored as (default: value).")
        String stdinKey = "value";

        ObjectNode body(String name) {
            Map<String, byte[]> data = new LinkedHashMap<>();
            for (String l : literals) {
                String[] kv = split(l, "--from-literal", "KEY=VALUE");
                data.put(kv[0], kv[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (String f : files) {
                String[] kv = split(f, "--from-file", "KEY=PATH");
                try {
                    data.put(kv[0], Files.readAllBytes(Path.of(kv[1])));
                } catch (IOException e) {
                    throw new CliException("cannot read " + kv[1] + " for key " + kv[0] + ": " + e.getMessage(), 2);
                }
            }
            if (data.isEmpty()) {
                try {
                    byte[] in = System.in.readAllBytes();
                    if (in.length == 0) {
                        throw new CliException("no value: give --from-literal KEY=VALUE, --from-file KEY=PATH, or pipe"
                                + " it in: printf %s \"$VALUE\" | stoker secret create " + name + " --key KEY", 2);
                    }
                    data.put(stdinKey, in);
                } catch (IOException e) {
                    throw new CliException("cannot read the value from stdin: " + e.getMessage());
                }
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            ObjectNode d = body.putObject("data");
            data.forEach((k, v) -> d.put(k, Base64.getEncoder().encodeToString(v)));
            return body;
        }

        private static String[] split(String text, String option, String form) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                // The text is not echoed: for --from-literal it may be the value itself.
                throw new CliException(option + " takes " + form + " (a key, '=', then the "
                        + (option.equals("--from-literal") ? "value" : "file") + ")", 2);
            }
            return new String[] {text.substring(0, eq), text.substring(eq + 1)};
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "create", description = "Create a secret.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        SecretCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @CommandLine.Mixin
        Values values;

        @Override
        public Integer call() {
            JsonNode s = parent.root.client().call("POST", "/v1/secrets/" + name, values.body(name));
            parent.root.context().console().println("created secret " + name + " with keys " + s.path("keys")
                    + "; name it in a function's stoker.yaml: secrets: [" + name + "]");
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "update",
            description = "Replace every key of a secret; the functions naming it get new instances.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        SecretCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @CommandLine.Mixin
        Values values;

        @Override
        public Integer call() {
            Console console = parent.root.context().console();
            console.println("updating secret " + name + " and rolling the functions that name it…");
            JsonNode s = parent.root.client().call("PUT", "/v1/secrets/" + name, values.body(name));
            boolean failed = false;
            for (var it = s.path("rolled").fields(); it.hasNext(); ) {
                var e = it.next();
                console.println("  " + e.getKey() + ": " + e.getValue().asText());
                failed |= !e.getValue().asText().equals("rolled");
            }
            console.println("updated secret " + name + " (keys " + s.path("keys") + ")");
            if (failed) {
                throw new CliException("some functions could not roll and keep the previous value; see 'stoker logs"
                        + " NAME' and run 'stoker secret update " + name + "' again");
            }
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls",
            description = "Secrets: names, keys, update times and the functions naming them (never a value).")
    static final class ListSecrets implements Callable<Integer> {
        @ParentCommand
        SecretCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        OutputFormat output = OutputFormat.table;

        @Override
        public Integer call() {
            JsonNode answer = parent.root.client().call("GET", "/v1/secrets", null);
            return Listing.of("secrets", "no secrets: stoker secret create NAME --from-literal KEY=VALUE",
                            "NAME", "KEYS", "UPDATED", "USED BY")
                    .rows(s -> new String[] {Json.text(s, "", "name"), Listing.joined(s.path("keys")),
                        Json.text(s, "", "updatedAt"), Listing.joined(s.path("usedBy"))})
                    .print(output, parent.root.context().console(), answer);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", aliases = "rm",
            description = "Delete a secret no function names any more.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        SecretCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            parent.root.client().call("DELETE", "/v1/secrets/" + name, null);
            parent.root.context().console().println("deleted secret " + name);
            return 0;
        }
    }

}
