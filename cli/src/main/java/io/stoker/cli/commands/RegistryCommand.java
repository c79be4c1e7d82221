package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.Listing;
import io.stoker.cli.output.OutputFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code stoker registry login|logout|list}: the registry credentials the gateway pulls and pushes with. The
 * password is read from stdin only (never an argument, which a process list or a shell history would keep) and is
 * never printed back.
 */
@Command(mixinStandardHelpOptions = true, name = "registry",
        description = "Registry credentials the gateway uses for pulls and pushes.",
        subcommands = {RegistryCommand.Login.class, RegistryCommand.Logout.class, RegistryCommand.ListRegistries.class})
public final class RegistryCommand extends CommandGroup {

    @ParentCommand
    StokerCommand root;


    @Command(mixinStandardHelpOptions = true, name = "login", description = {
        "Store credentials for HOST (host or host:port) on the gateway; it checks them with the registry first.",
        "The password comes from stdin: echo \"$PASSWORD\" | stoker registry login HOST -u USER --password-stdin"})
    static final class Login implements Callable<Integer> {
        @ParentCommand
        RegistryCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST")
        String host;

        @Option(names = {"-u", "--username"}, paramLabel = "USER", required = true)
        String username;

        @Option(names = "--password-stdin", required = true, description = "Read the password from stdin (one line).")
        boolean passwordStdin;

        @Override
        public Integer call() {
            String password = readPassword();
            JsonNode stored = parent.root.client().login(host, username, password);
            parent.root.context().console().println("logged in to " + Json.text(stored, host, "host") + " as "
                    + Json.text(stored, username, "username") + (stored.path("checked").asBoolean(true)
                    ? " (stored on the gateway)" : " (stored on the gateway unchecked: its engine cannot log in; the"
                    + " cluster's nodes pull with it, and a wrong login shows as a pod's image pull error)"));
            return 0;
        }

        private String readPassword() {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new CliException("no password on stdin: echo \"$PASSWORD\" | stoker registry login " + host
                            + " -u " + username + " --password-stdin", 2);
                }
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            } catch (IOException e) {
                throw new CliException("cannot read the password from stdin: " + e.getMessage());
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "logout", description = "Forget the credentials stored for HOST.")
    static final class Logout implements Callable<Integer> {
        @ParentCommand
        RegistryCommand parent;

        @Parameters(index = "0", paramLabel = "HOST")
        String host;

        @Override
        public Integer call() {
            parent.root.client().logout(host);
            parent.root.context().console().println("logged out of " + host);
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls",
            description = "The registries the gateway has credentials for (never the passwords).")
    static final class ListRegistries implements Callable<Integer> {
        @ParentCommand
        RegistryCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        OutputFormat output = OutputFormat.table;

        @Override
        public Integer call() {
            JsonNode answer = parent.root.client().listRegistries();
            return Listing.of("registries", "no registry credentials stored: stoker registry login HOST -u USER"
                            + " --password-stdin", "HOST", "USERNAME", "STORED")
                    .rows(r -> new String[] {Json.text(r, "", "host"), Json.text(r, "", "username"),
                        Json.text(r, "", "storedAt")})
                    .print(output, parent.root.context().console(), answer);
        }
    }
}
