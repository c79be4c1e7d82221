package io.stoker.gateway.build;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.build.BuildArgs;
import io.stoker.runtime.build.BuildContext;
import io.stoker.runtime.build.SafeTarExtractor;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Turns an uploaded function folder into an image: safe extraction, the spec check, the build
 * context from the template, and the engine build with its progress.
 */
@ApplicationScoped
public class FunctionBuilder {

    /** A function folder is source code, not data: these bounds stop zip bombs early. */
    private static final SafeTarExtractor.Limits LIMITS = new SafeTarExtractor.Limits(256L * 1024 * 1024, 20_000);

    private final ContainerEngine engine;
    private final Path templates;
    private final Path work;

    public FunctionBuilder(ContainerEngine engine, StokerConfig config) {
        this.engine = engine;
        this.templates = Path.of(config.templatesDir()).toAbsolutePath();
        this.work = Path.of(config.home(), "builds");
    }

    /** Extracts the upload and reads its spec; refuses bad input before anything is built. */
    public PreparedSource prepare(String name, InputStream tarGz) {
        Path folder;
        try {
            Files.createDirectories(work);
            folder = Files.createTempDirectory(work, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a build folder under " + work, e);
        }
        PreparedSource prepared = new PreparedSource(null, folder);
        try {
            new SafeTarExtractor(LIMITS).extract(tarGz, folder);
            Path manifest = folder.resolve("stoker.yaml");
            if (!Files.isRegularFile(manifest)) {
                throw new UploadException("the upload has no stoker.yaml at its root; pack the function folder itself");
            }
            FunctionSpec spec = SpecParser.parse(Files.readString(manifest));
            if (!spec.name().equals(name)) {
                throw new io.stoker.runtime.spec.SpecException("name",
                        "stoker.yaml names '" + spec.name() + "' but the upload is for '" + name + "'");
            }
            if (spec.image().isEmpty() && spec.template().equals("dockerfile")
                    && !Files.isRegularFile(folder.resolve("Dockerfile"))) {
                throw new UploadException("the dockerfile template needs a Dockerfile at the root of the function folder");
            }
            return new PreparedSource(spec, folder);
        } catch (IOException e) {
            prepared.close();
            throw new UploadException("cannot read the upload: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    /** Builds the image (unless the spec names one) and returns the spec that runs it. */
    public FunctionSpec build(PreparedSource source, Consumer<String> progress) {
        FunctionSpec spec = source.spec();
        if (!spec.image().isEmpty()) {
            progress.accept("using image " + spec.image() + " (no build)");
            return spec;
        }
        String tag = "stoker-fn/" + spec.name() + ":" + ContentHash.of(templates.resolve(spec.template()), source.folder());
        if (engine.inspectImage(tag).isPresent()) {
            progress.accept("image " + tag + " is up to date");
            return spec.withImage(tag);
        }
        progress.accept("building " + tag + " from the " + spec.template() + " template");
        Path context = BuildContext.writeTempFile(spec.template(), templates, source.folder());
        try (InputStream tar = Files.newInputStream(context)) {
            engine.build(tar, tag, BuildArgs.of(spec, BuildArgs.ImageOverrides.NONE), progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build context " + context, e);
        } finally {
            context.toFile().delete();
        }
        return spec.withImage(tag);
    }
}
