package io.stoker.cli.services;

import io.stoker.cli.CliContext;
import io.stoker.cli.gateway.GatewayClient;
import io.stoker.cli.gateway.GatewayConfig;
import io.stoker.cli.output.Console;
import io.stoker.cli.system.CommandRunner;
import io.stoker.cli.system.PidFile;
import io.stoker.cli.system.ProcessControl;
import io.stoker.cli.system.Staleness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The services of a local Stoker, in start order. To add one, build a
 * {@link ProcessService.Definition} like {@link #gateway} and put it in {@link #all}.
 */
public final class Services {

    private Services() {}

    /** All services: the engine, the Kafka broker, the gateway. */
    public static List<Service> all(CliContext ctx, GatewayConfig gateway, boolean stopEngineOnDown) {
        return all(ctx, gateway, stopEngineOnDown, true);
    }

    /**
     * The services; when {@code withKafka} is false the broker's place holds one that starts nothing and reports
     * "off". The broker comes
     * before the gateway so that the gateway's Kafka triggers find it when they start.
     */
    public static List<Service> all(CliContext ctx, GatewayConfig gateway, boolean stopEngineOnDown, boolean withKafka) {
        Path repo = ctx.requireRepo();
        ProcessControl control = new ProcessControl(ctx.host());
        Path home = gateway.stokerHome();
        EngineProbe probe = new EngineProbe(EngineProbe.socketPath(ctx.env()), ctx.host());
        Service engine = new EngineService(
                probe, repo, home.resolve("run/dockerd.started"), stopEngineOnDown, control, Map.of());
        Service gw = new ProcessService(gateway(ctx, repo, gateway, withKafka), control);
        return withKafka
                ? List.of(engine, new ProcessService(KafkaBroker.definition(ctx.env(), repo, home), control), gw)
                : List.of(engine, KafkaChoice.leftOut(), gw);
    }

    static ProcessService.Definition gateway(CliContext ctx, Path repo, GatewayConfig cfg, boolean withKafka) {
        Path jar = repo.resolve("gateway/target/quarkus-app/quarkus-run.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        int port = cfg.url().getPort() > 0 ? cfg.url().getPort() : ("https".equals(cfg.url().getScheme()) ? 443 : 80);
        GatewayClient client = new GatewayClient(cfg, ctx.httpFor(null));
        return new ProcessService.Definition(
                "gateway",
                List.of(java.toString(), "-Xmx512m", "-jar", jar.toString()),
                Map.of("STOKER_HOME", cfg.stokerHome().toString(),
                        "STOKER_TEMPLATES_DIR", repo.resolve("function-templates").toString(),
                        "STOKER_PORT", Integer.toString(port),
                        // The gateway's triggers read from the broker `up` started, wherever its port is;
                        // without one (--no-kafka) an explicit STOKER_KAFKA_BOOTSTRAP_SERVERS still wins.
                        "STOKER_KAFKA_BOOTSTRAP_SERVERS", ctx.env().getOrDefault("STOKER_KAFKA_BOOTSTRAP_SERVERS",
                                "127.0.0.1:" + KafkaBroker.port(ctx.env())),
                        "STOKER_KAFKA_ENABLED", Boolean.toString(withKafka
                                || ctx.env().containsKey("STOKER_KAFKA_BOOTSTRAP_SERVERS"))),
                repo,
                new PidFile(cfg.stokerHome().resolve("run/gateway.pid")),
                cfg.stokerHome().resolve("logs/gateway.log"),
                "quarkus-run.jar",
                client::ready,
                cfg.url().toString(),
                console -> buildIfStale(console, repo, jar, "gateway",
                        List.of("mvn", "-q", "-B", "-DskipTests", "-pl", "gateway", "-am", "package")),
                Duration.ofSeconds(120),
                Duration.ofSeconds(20));
    }

    /** Runs {@code build} when {@code artifact} is missing or older than the module's sources and the poms. */
    static void buildIfStale(Console console, Path repo, Path artifact, String module, List<String> build) {
        List<Path> sources = List.of(repo.resolve(module + "/src/main"), repo.resolve("runtime/src/main"),
                repo.resolve("pom.xml"), repo.resolve(module + "/pom.xml"), repo.resolve("runtime/pom.xml"));
        if (!Staleness.isStale(artifact, sources)) {
            return;
        }
        console.info("building the " + module + " (" + String.join(" ", build) + "), this takes a minute...");
        CommandRunner.runOrFail(build, repo, Map.of(), console::info);
    }
}
