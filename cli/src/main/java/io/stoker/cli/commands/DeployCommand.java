package io.stoker.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.deploy.Deployer;
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
    "Build and deploy the function in DIR (its stoker.yaml says how),",
    "or deploy an existing image with --image and --name."})
public final class DeployCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Function folder with a stoker.yaml.")
    Path dir;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Run this image (already in the engine) as is.")
    String image;

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
        String fnName = Deployer.readSpec(dir).name();
        JsonNode fn = deployer.deployFolder(dir);
        deployer.printDeployed(fn, fnName);
        return 0;
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
