package io.stoker.cli;

/** Entry point of the {@code stoker} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(StokerCommand.commandLine(CliContext.fromSystem()).execute(args));
    }
}
