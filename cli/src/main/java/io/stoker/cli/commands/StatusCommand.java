package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.cli.CliContext;
import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.OutputFormat;
import io.stoker.cli.output.Table;
import io.stoker.cli.services.KafkaChoice;
import io.stoker.cli.services.Service;
import io.stoker.cli.services.ServiceStatus;
import io.stoker.cli.services.Services;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stoker status}: one line per service, plus how many functions are deployed. */
@Command(mixinStandardHelpOptions = true, name = "status", description = "Show whether the engine and gateway are up, and the functions count.")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    OutputFormat output = OutputFormat.table;

    @Override
    public Integer call() {
        CliContext ctx = root.context();
        List<ServiceStatus> statuses = new ArrayList<>();
        boolean withKafka = KafkaChoice.wanted(root.gatewayConfig().stokerHome());
        for (Service s : Services.all(ctx, root.gatewayConfig(), false, withKafka)) {
            statuses.add(s.status());
        }
        statuses.add(functions(statuses));
        if (output == OutputFormat.json) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (ServiceStatus s : statuses) {
                ObjectNode o = arr.addObject();
                o.put("name", s.name()).put("state", s.state()).put("detail", s.detail());
            }
            ctx.console().println(Json.pretty(Json.MAPPER.createObjectNode().set("services", arr)));
        } else {
            Table t = new Table("SERVICE", "STATE", "DETAIL");
            statuses.forEach(s -> t.row(s.name(), s.state(), s.detail()));
            t.render().forEach(ctx.console()::println);
        }
        return statuses.stream().allMatch(s -> s.isUp() || s.isOff()) ? 0 : 1;
    }

    private ServiceStatus functions(List<ServiceStatus> statuses) {
        boolean gatewayUp = statuses.stream().anyMatch(s -> s.name().equals("gateway") && s.isUp());
        if (!gatewayUp) {
            return new ServiceStatus("functions", "down", "unknown: the gateway is not ready");
        }
        try {
            int n = root.client().listFunctions().path("functions").size();
            return new ServiceStatus("functions", "up", n + " deployed");
        } catch (CliException e) {
            return new ServiceStatus("functions", "unhealthy", e.getMessage());
        }
    }
}
