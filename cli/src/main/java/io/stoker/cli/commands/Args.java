package io.stoker.cli.commands;

import io.stoker.runtime.spec.SpecException;
import io.stoker.runtime.spec.SpecParser;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of command-line values shared by several commands; failures are usage errors (exit 2). */
final class Args {

    private Args() {}

    /** A function name must be a DNS label; checked here so a typo never reaches the gateway. */
    static String name(CommandSpec spec, String name) {
        try {
            SpecParser.checkName(name);
            return name;
        } catch (SpecException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
