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

    /** A push target: a repository with its registry host, with or without a tag, never a digest. */
    static String repository(CommandSpec spec, String repository) {
        io.stoker.runtime.engine.ImageRef ref;
        try {
            ref = io.stoker.runtime.engine.ImageRef.parse(repository);
        } catch (IllegalArgumentException e) {
            throw usage(spec, "push target " + e.getMessage());
        }
        if (ref.hasDigest() || ref.host().isEmpty()) {
            throw usage(spec, "push target '" + repository + "' must be host[:port]/repository[:tag]"
                    + " (e.g. 127.0.0.1:5000/team/hello)");
        }
        return repository;
    }

    /** What the gateway takes for since: a duration (10m, 2h, 7d, PT1H) or an ISO-8601 instant. */
    private static final java.util.regex.Pattern SINCE =
            java.util.regex.Pattern.compile("\\d+(ms|s|m|h|d)|P\\S+|\\d{4}-\\d{2}-\\d{2}T\\S+");

    /** A {@code --since} value, checked so a typo never reaches the gateway; null stays null. */
    static String since(CommandSpec spec, String since) {
        if (since != null && !SINCE.matcher(since).matches()) {
            throw usage(spec, "--since '" + since + "' is neither a duration (10m, 2h, 7d) nor an instant"
                    + " (2026-01-31T12:00:00Z)");
        }
        return since;
    }

    static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
