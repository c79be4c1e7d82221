package io.stoker.gateway.images;

import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ImageInfo;
import io.stoker.runtime.engine.ImageRef;
import io.stoker.runtime.engine.RegistryAuth;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/**
 * Gets a function's image onto the engine and out to registries, with the stored credentials of the registry a
 * reference names: {@link #ensure} pulls an image the engine lacks, {@link #push} pushes one and answers with the
 * reference by digest that every later instance runs.
 */
@ApplicationScoped
public class ImageService {

    /** What a push did: the image, the tag it went to, and the same bytes named by digest. */
    public record Pushed(String image, String target, String digest, String byDigest) {}

    private final ContainerEngine engine;
    private final CredentialStore credentials;

    public ImageService(ContainerEngine engine, CredentialStore credentials) {
        this.engine = engine;
        this.credentials = credentials;
    }

    /**
     * Pulls {@code image} unless the engine has it; the pull's progress lines go to {@code progress}. The first line
     * comes from the engine once the registry has answered for the image (a missing tag or a refused login fails
     * before any line), so callers can hold their answer until then. True when it pulled. An engine that holds no
     * images (Kubernetes: each node pulls what its pods name) pulls nothing here; a missing image fails the launch.
     */
    public boolean ensure(String image, Consumer<String> progress) {
        if (!engine.can(io.stoker.runtime.engine.EngineCapability.IMAGES) || engine.inspectImage(image).isPresent()) {
            return false;
        }
        ImageRef ref = ImageRef.parse(image);
        engine.pullImage(image, credentials.authFor(ref.host()).orElse(null), progress);
        return true;
    }

    /**
     * Checks the stored credentials of {@code repository}'s registry, if there are any, before a push: a refused
     * login fails here, before a build or a stream has started, instead of halfway through.
     */
    public void checkStoredLogin(String repository) {
        credentials.authFor(ImageRef.parse(repository).host()).ifPresent(engine::checkLogin);
    }

    /**
     * Pushes the local {@code image} to {@code repository} ({@code host/path}, with or without a tag; without one it
     * takes the tag of {@code image}, so a built function keeps its content hash as its tag).
     */
    public Pushed push(String image, String repository, Consumer<String> progress) {
        ImageRef target = target(repository, image);
        RegistryAuth auth = credentials.authFor(target.host()).orElse(null);
        progress.accept("pushing " + image + " to " + target + (auth == null ? "" : " as " + auth.username()));
        String digest = engine.pushImage(image, target.toString(), auth, progress);
        String byDigest = target.atDigest(digest).toString();
        progress.accept("pushed " + target + " (" + byDigest + ")");
        return new Pushed(image, target.toString(), digest, byDigest);
    }

    /** The push target {@code repository} names, checked; refused (IllegalArgumentException) when it is no repository. */
    public static ImageRef target(String repository, String image) {
        ImageRef target = ImageRef.parse(repository);
        if (target.hasDigest()) {
            throw new IllegalArgumentException("'" + repository + "': push to a repository or a repository:tag, not a digest");
        }
        if (target.host().isEmpty()) {
            throw new IllegalArgumentException("'" + repository + "' names no registry host: give host[:port]/repository");
        }
        return target.tag().isEmpty() ? target.withTag(tagOf(image)) : target;
    }

    /** The digest the function's image has: from its reference, else what the engine knows of it in that repository. */
    public String digestOf(String image) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            return "";
        }
        if (ref.hasDigest()) {
            return ref.digest();
        }
        return info(image).map(i -> i.digestIn(ref.repository())).orElse("");
    }

    /** Every {@code repository@digest} the engine knows for the image (where it was pushed or pulled from). */
    public List<String> repoDigestsOf(String image) {
        return info(image).map(ImageInfo::repoDigests).orElse(List.of());
    }

    private java.util.Optional<ImageInfo> info(String image) {
        try {
            return engine.inspectImage(image);
        } catch (EngineException e) {
            return java.util.Optional.empty(); // a view must not fail because the engine is away
        }
    }

    private static String tagOf(String image) {
        ImageRef ref = ImageRef.parse(image);
        return ref.tag().isEmpty() ? "latest" : ref.tag();
    }
}
