package io.stoker.cli.commands;

import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code stoker secret|token|registry}): called alone, it is a usage error
 * (exit 2) that names its subcommands, read off picocli's model so the message follows the annotation.
 */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String names = spec.subcommands().values().stream().map(CommandLine::getCommandName).distinct()
                .filter(name -> !name.equals("help")).collect(Collectors.joining(", "));
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: " + names);
    }
}
