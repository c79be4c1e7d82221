package io.stoker.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.cli.CliException;
import io.stoker.cli.gateway.GatewayClient;
import io.stoker.cli.output.Console;
import io.stoker.cli.output.Json;
import io.stoker.cli.output.Progress;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecException;
import io.stoker.runtime.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/** Deploys a function, from a folder (build on the gateway) or from an existing image. */
public final class Deployer {

    private final GatewayClient client;
    private final Console console;

    public Deployer(GatewayClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    /** Validates {@code dir/stoker.yaml} here first, so a typo fails before any upload. */
    public static FunctionSpec readSpec(Path dir) {
        Path yaml = dir.resolve("stoker.yaml");
        if (!Files.isDirectory(dir)) {
            throw new CliException(dir + " is not a folder: give the folder of a function (made by `stoker init`)");
        }
        if (!Files.isRegularFile(yaml)) {
            throw new CliException("no stoker.yaml in " + dir + ": create one with `stoker init NAME --template java`");
        }
        try {
            return SpecParser.parse(Files.readString(yaml, StandardCharsets.UTF_8));
        } catch (SpecException e) {
            throw new CliException(yaml + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliException("cannot read " + yaml + ": " + e.getMessage());
        }
    }

    /** Packs, uploads and follows the build; returns the function JSON of the ready event. */
    public JsonNode deployFolder(Path dir) {
        return deployFolder(dir, null);
    }

    /**
     * Packs, uploads and follows the build; with {@code push}, the gateway pushes the image to that repository and
     * deploys it by digest. Returns the function JSON of the ready event.
     */
    public JsonNode deployFolder(Path dir, String push) {
        FunctionSpec spec = readSpec(dir);
        byte[] archive = pack(dir);
        console.info("deploying " + spec.name() + " from " + dir + " (" + kib(archive.length) + ")"
                + (push == null ? "" : ", pushing to " + push));
        AtomicReference<JsonNode> result = new AtomicReference<>();
        try (Progress progress = console.progress()) {
            client.uploadSource(spec.name(), archive, push,
                    lines -> result.set(DeployStream.follow(spec.name(), lines, progress)));
        }
        return result.get();
    }

    /**
     * For a gateway that cannot build (a cluster's): packs the folder, has {@code builder} (the local gateway) build
     * and push it to {@code push} without deploying it there, then deploys the image by digest through this client.
     * Returns the function JSON of the ready event.
     */
    public JsonNode deployFolderThrough(GatewayClient builder, Path dir, String push) {
        FunctionSpec spec = readSpec(dir);
        byte[] archive = pack(dir);
        console.info("building " + spec.name() + " from " + dir + " (" + kib(archive.length) + ") on the gateway at "
                + builder.config().url() + ", pushing to " + push + ", to deploy on the gateway at "
                + client.config().url());
        AtomicReference<JsonNode> built = new AtomicReference<>();
        try (Progress progress = console.progress()) {
            builder.uploadSource(spec.name(), archive, push, false,
                    lines -> built.set(DeployStream.follow(spec.name(), lines, progress)));
        }
        JsonNode byDigest = built.get();
        if (byDigest == null || !byDigest.hasNonNull("image")) {
            throw new CliException("the gateway at " + builder.config().url() + " built " + spec.name()
                    + " but did not say which image it pushed: is it older than the gateway at "
                    + client.config().url() + "? Update it (bin/stoker up) and deploy again");
        }
        console.info("deploying " + spec.name() + " from image " + byDigest.get("image").asText() + " on the gateway at "
                + client.config().url());
        AtomicReference<JsonNode> result = new AtomicReference<>();
        try (Progress progress = console.progress()) {
            client.putFunctionStream(spec.name(), byDigest,
                    lines -> result.set(DeployStream.follow(spec.name(), lines, progress)));
        }
        return result.get();
    }

    /** Registers a function that runs {@code spec.image} as is (no build). */
    public JsonNode deployImage(ObjectNode specJson) {
        FunctionSpec spec;
        try {
            spec = SpecParser.parse(specJson);
        } catch (SpecException e) {
            throw new CliException(e.getMessage(), 2);
        }
        console.info("deploying " + spec.name() + " from image " + spec.image());
        // The streamed answer: when the engine lacks the image, the gateway's pull shows as progress.
        AtomicReference<JsonNode> result = new AtomicReference<>();
        try (Progress progress = console.progress()) {
            client.putFunctionStream(spec.name(), specJson,
                    lines -> result.set(DeployStream.follow(spec.name(), lines, progress)));
        }
        return result.get();
    }

    /** The lines printed after a successful deploy. */
    public void printDeployed(JsonNode fn, String name) {
        String url = Json.text(fn, client.invokeUri(name, "").toString(), "url");
        console.println("deployed " + name + " (image " + Json.text(fn, "?", "image") + ")");
        String digest = Json.text(fn, "", "digest");
        if (!digest.isEmpty() && !Json.text(fn, "", "image").endsWith(digest)) {
            console.println("digest: " + digest);
        }
        console.println("url: " + url);
        console.println("try: stoker invoke " + name);
    }

    private static byte[] pack(Path dir) {
        try {
            return SourcePacker.pack(dir);
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static String kib(long bytes) {
        return bytes < 1024 ? bytes + " B" : (bytes + 1023) / 1024 + " KiB";
    }
}
