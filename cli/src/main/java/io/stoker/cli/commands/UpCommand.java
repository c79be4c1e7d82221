package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliContext;
import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.deploy.Deployer;
import io.stoker.cli.gateway.GatewayConfig;
import io.stoker.cli.output.Console;
import io.stoker.cli.services.KafkaBroker;
import io.stoker.cli.services.KafkaChoice;
import io.stoker.cli.services.Service;
import io.stoker.cli.services.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stoker up}: prerequisites and engine, base images, the gateway, then the example
 * functions. Every step is skipped when already done, so running it again is harmless.
 */
@Command(mixinStandardHelpOptions = true, name = "up", description = {
    "Set up and start a local Stoker (needs root): engine, base images, Kafka broker, gateway, example functions.",
    "Harmless to run again."})
public final class UpCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Option(names = "--no-examples", description = "Do not deploy the example functions.")
    boolean noExamples;

    @Option(names = "--no-kafka", description = "Do not start the local Kafka broker.")
    boolean noKafka;

    @Override
    public Integer call() {
        CliContext ctx = root.context();
        RootCheck.require(ctx, "up");
        GatewayConfig cfg = root.gatewayConfig();
        Console console = ctx.console();
        KafkaChoice.remember(cfg.stokerHome(), !noKafka);
        for (Service s : Services.all(ctx, cfg, false, !noKafka)) {
            s.up(console);
        }
        List<String> deployed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        if (!noExamples) {
            deployExamples(ctx.requireRepo().resolve("function-templates/examples"), console, deployed, failed);
        }
        summary(console, cfg, deployed, noKafka ? "" : "127.0.0.1:" + KafkaBroker.port(ctx.env()));
        if (!failed.isEmpty()) {
            console.error(failed.size() + " example(s) failed to deploy: " + String.join(", ", failed)
                    + " (see above); the rest of Stoker is up");
            return 1;
        }
        return 0;
    }

    private void deployExamples(Path examples, Console console, List<String> deployed, List<String> failed) {
        Deployer deployer = new Deployer(root.client(), console);
        for (Path dir : exampleFolders(examples)) {
            try {
                String name = Deployer.readSpec(dir).name();
                JsonNode fn = deployer.deployFolder(dir);
                console.info("deployed " + name + " -> " + fn.path("url").asText(root.client().invokeUri(name, "").toString()));
                deployed.add(name);
            } catch (CliException e) {
                // one broken example must not keep the others from deploying
                console.error(dir.getFileName() + ": " + e.getMessage());
                failed.add(dir.getFileName().toString());
            }
        }
    }

    static List<Path> exampleFolders(Path examples) {
        if (!Files.isDirectory(examples)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(examples)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("stoker.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + examples + ": " + e.getMessage());
        }
    }

    private static void summary(Console console, GatewayConfig cfg, List<String> deployed, String kafka) {
        String example = deployed.contains("java-hello") ? "java-hello" : deployed.isEmpty() ? "NAME" : deployed.get(0);
        console.println("");
        console.println("Stoker is up.");
        console.println("  gateway:   " + cfg.url());
        console.println("  token:     " + cfg.tokenFile() + "   (curl: -H \"Authorization: Bearer $(cat " + cfg.tokenFile() + ")\")");
        console.println("  log:       " + cfg.stokerHome().resolve("logs/gateway.log"));
        if (!kafka.isEmpty()) {
            console.println("  kafka:     " + kafka + "   (deploy/kafka/topics.sh --list)");
        }
        console.println("  functions: " + (deployed.isEmpty() ? "none deployed by up" : String.join(", ", deployed)));
        console.println("Try:");
        console.println("  bin/stoker list");
        console.println("  bin/stoker invoke " + example + " -d hi");
        console.println("  curl -d hi " + cfg.url() + "/function/" + example);
        console.println("  bin/stoker init hello --template python && bin/stoker deploy hello");
        console.println("  bin/stoker status");
        console.println("  sudo bin/stoker down");
    }
}
