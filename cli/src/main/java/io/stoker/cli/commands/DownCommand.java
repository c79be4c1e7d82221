package io.stoker.cli.commands;

import io.stoker.cli.CliContext;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.services.KafkaChoice;
import io.stoker.cli.services.Service;
import io.stoker.cli.services.Services;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stoker down}: stops what {@code up} started, in reverse order. */
@Command(mixinStandardHelpOptions = true, name = "down", description = "Stop what `stoker up` started (the engine only with --engine).")
public final class DownCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Option(names = "--engine", description = "Also stop the container engine, if `stoker up` started it.")
    boolean engine;

    @Override
    public Integer call() {
        CliContext ctx = root.context();
        RootCheck.require(ctx, "down");
        List<Service> services = new ArrayList<>(Services.all(ctx, root.gatewayConfig(), engine));
        Collections.reverse(services);
        for (Service s : services) {
            s.down(ctx.console());
        }
        KafkaChoice.remember(root.gatewayConfig().stokerHome(), true);
        return 0;
    }
}
