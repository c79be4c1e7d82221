package io.stoker.cli.commands;

import io.stoker.cli.StokerCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stoker delete NAME}: removes a function and its instances. */
@Command(mixinStandardHelpOptions = true, name = "delete", aliases = "rm", description = "Delete a function and stop its instances.")
public final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        root.client().deleteFunction(Args.name(spec, name));
        root.context().console().println("deleted " + name);
        return 0;
    }
}
