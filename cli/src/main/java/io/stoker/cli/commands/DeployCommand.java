package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.cli.CliContext;
import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.deploy.Deployer;
import io.stoker.cli.gateway.GatewayClient;
import io.stoker.cli.gateway.GatewayConfig;
import io.stoker.cli.output.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stoker deploy DIR} (build from source) or {@code stoker deploy --image IMAGE --name NAME}. */
@Command(mixinStandardHelpOptions = true, name = "deploy", description = {
    "Build and deploy the function in DIR (its stoker.yaml says how; --push REPO pushes it and deploys by digest),",
    "or deploy an image with --image and --name (pulled when the gateway's engine lacks it)."})
public final class DeployCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Function folder with a stoker.yaml.")
    Path dir;

    @Option(names = "--image", paramLabel = "IMAGE", description = {
        "Run this image as is: any OCI reference (host:port/repo:tag, repo@sha256:...);",
        "the gateway pulls it when its engine lacks it."})
    String image;

    @Option(names = "--push", paramLabel = "REPO", description = {
        "With DIR: push the built image to REPO (host[:port]/repo[:tag]; the tag defaults to the",
        "image's content hash) and deploy it by digest."})
    String push;

    @Option(names = "--build-gateway", paramLabel = "URL", description = {
        "With DIR and --push, to a gateway that cannot build (a cluster's): the gateway that builds and pushes",
        "(default: $STOKER_BUILD_GATEWAY, else the local one, " + GatewayConfig.DEFAULT_URL + ")."})
    String buildGateway;

    @Option(names = "--name", paramLabel = "NAME", description = "Function name (with --image).")
    String name;

    @Option(names = "--port", paramLabel = "P", description = "Port the image serves HTTP on (with --image; default 8080).")
    Integer port;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Environment variable (with --image; repeatable).")
    List<String> env = new ArrayList<>();

    @Override
    public Integer call() {
        Deployer deployer = new Deployer(root.client(), root.context().console());
        if (image != null) {
            if (dir != null) {
                throw Args.usage(spec, "give either DIR or --image, not both");
            }
            if (name == null) {
                throw Args.usage(spec, "--image needs --name NAME");
            }
            if (push != null) {
                throw Args.usage(spec, "--push goes with DIR; to push a deployed function's image: stoker push NAME REPO");
            }
            Args.name(spec, name);
            JsonNode fn = deployer.deployImage(imageSpec());
            deployer.printDeployed(fn, name);
            return 0;
        }
        if (dir == null) {
            throw Args.usage(spec, "give the function folder (stoker deploy DIR) or --image IMAGE --name NAME");
        }
        if (name != null || port != null || !env.isEmpty()) {
            throw Args.usage(spec, "--name, --port and -e go with --image; with DIR, stoker.yaml says them");
        }
        String repository = push == null ? null : Args.repository(spec, push);
        String fnName = Deployer.readSpec(dir).name();
        GatewayClient target = root.client();
        boolean builds = target.describeGateway().map(g -> g.path("builds").asBoolean(true)).orElse(true);
        JsonNode fn;
        if (builds) {
            if (buildGateway != null) {
                throw Args.usage(spec, "--build-gateway is for a gateway that cannot build; the gateway at "
                        + target.config().url() + " builds itself");
            }
            fn = deployer.deployFolder(dir, repository);
        } else {
            fn = deployer.deployFolderThrough(localBuilder(target, repository), dir, repository);
        }
        deployer.printDeployed(fn, fnName);
        return 0;
    }

    /** The local gateway that builds for a target that cannot; refused when there is no push or it is the target. */
    private GatewayClient localBuilder(GatewayClient target, String repository) {
        String url = target.config().url().toString();
        if (repository == null) {
            throw new CliException("the gateway at " + url + " does not build from source (a gateway in a cluster "
                    + "has no engine that builds). Build and push through your local gateway (bin/stoker up) and "
                    + "deploy the image by digest there: stoker deploy " + dir + " --push REPO --gateway " + url, 2);
        }
        CliContext context = root.context();
        GatewayConfig local = GatewayConfig.localBuilder(buildGateway, context.env(), context.userHome());
        if (local.url().equals(target.config().url())) {
            throw new CliException("the gateway at " + url + " does not build, so it cannot build for itself: "
                    + "give the gateway that builds with --build-gateway URL (or STOKER_BUILD_GATEWAY), e.g. the "
                    + "local one of bin/stoker up", 2);
        }
        return new GatewayClient(local, context.http());
    }

    ObjectNode imageSpec() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("name", name);
        s.put("image", image);
        if (port != null) {
            s.put("port", port);
        }
        ObjectNode e = s.putObject("env");
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw Args.usage(spec, "-e '" + kv + "' must look like KEY=VALUE");
            }
            e.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return s;
    }
}
