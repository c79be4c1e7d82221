package io.stoker.cli;

import io.stoker.cli.commands.DeleteCommand;
import io.stoker.cli.commands.DeployCommand;
import io.stoker.cli.commands.DescribeCommand;
import io.stoker.cli.commands.DownCommand;
import io.stoker.cli.commands.InitCommand;
import io.stoker.cli.commands.InvocationCommand;
import io.stoker.cli.commands.InvocationsCommand;
import io.stoker.cli.commands.InvokeCommand;
import io.stoker.cli.commands.ListCommand;
import io.stoker.cli.commands.LogsCommand;
import io.stoker.cli.commands.PushCommand;
import io.stoker.cli.commands.RegistryCommand;
import io.stoker.cli.commands.SecretCommand;
import io.stoker.cli.commands.TokenCommand;
import io.stoker.cli.commands.AuditCommand;
import io.stoker.cli.commands.StatusCommand;
import io.stoker.cli.commands.UpCommand;
import io.stoker.cli.gateway.GatewayClient;
import io.stoker.cli.gateway.GatewayConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code stoker} command: global options, the sub-commands, and error reporting. */
@Command(
        name = "stoker",
        mixinStandardHelpOptions = true,
        version = "stoker 0.1.0",
        description = "Runs functions in containers behind one gateway.",
        subcommands = {
            InitCommand.class,
            DeployCommand.class,
            PushCommand.class,
            RegistryCommand.class,
            SecretCommand.class,
            TokenCommand.class,
            AuditCommand.class,
            ListCommand.class,
            DescribeCommand.class,
            InvokeCommand.class,
            LogsCommand.class,
            InvocationsCommand.class,
            InvocationCommand.class,
            DeleteCommand.class,
            UpCommand.class,
            DownCommand.class,
            StatusCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StokerCommand implements Runnable {

    private final CliContext context;

    @Option(
            names = "--gateway",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "Gateway URL (default: $STOKER_GATEWAY, else " + GatewayConfig.DEFAULT_URL + ").")
    String gateway;

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            scope = ScopeType.INHERIT,
            description = "For an https:// gateway: the certificate(s) to trust, PEM (default: $STOKER_CA_FILE, else"
                    + " the JDK's authorities).")
    String caFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public StokerCommand(CliContext context) {
        this.context = context;
    }

    public CliContext context() {
        return context;
    }

    public GatewayConfig gatewayConfig() {
        return context.gateway(gateway);
    }

    public GatewayClient client() {
        return context.client(gateway, caFile);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try `stoker --help`");
    }

    /** A ready-to-run command line: output to the context's console, {@link CliException} as a message. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new StokerCommand(context));
        cl.setOut(context.console().out());
        cl.setErr(context.console().err());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CommandLine.ParameterException pe) {
                throw pe;
            }
            if (ex instanceof CliException ce) {
                context.console().error(ce.getMessage());
                return ce.exitCode();
            }
            context.console().error("unexpected error: " + ex);
            return 1;
        });
        return cl;
    }
}
