package io.stoker.runtime.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory registry for {@link FakeEngine}: repositories of tags and digests, optionally behind one user's
 * password, reachable only through engines it was given to. It answers the way the distribution registry does where
 * a caller can tell: an unknown tag or digest is not found, a missing or wrong password is refused.
 */
public final class FakeRegistry {

    /** What a push left: the digest, the image's id and USER, so a pull gives back the same image. */
    record Manifest(String digest, String imageId, String user) {}

    private final String host;
    private final String user;
    private final String password;
    private final Map<String, Manifest> byTag = new HashMap<>();
    private final Map<String, Manifest> byDigest = new HashMap<>();

    private FakeRegistry(String host, String user, String password) {
        this.host = host;
        this.user = user;
        this.password = password;
    }

    /** A registry that asks for no credentials. */
    public static FakeRegistry open(String host) {
        return new FakeRegistry(host, null, null);
    }

    /** A registry that asks for basic auth as {@code user}. */
    public static FakeRegistry locked(String host, String user, String password) {
        return new FakeRegistry(host, user, password);
    }

    public String host() {
        return host;
    }

    synchronized void checkAuth(RegistryAuth auth, String reference, String action) {
        if (user == null) {
            return;
        }
        if (auth == null || auth.username() == null || auth.username().isEmpty()) {
            throw new RegistryException(RegistryException.Reason.DENIED, reference,
                    action + ": no basic auth credentials", null);
        }
        if (!auth.username().equals(user) || !auth.password().equals(password)) {
            throw new RegistryException(RegistryException.Reason.DENIED, reference,
                    action + ": unauthorized: authentication required", null);
        }
    }

    synchronized void put(String repositoryPath, String tag, Manifest manifest) {
        byTag.put(repositoryPath + ":" + tag, manifest);
        byDigest.put(repositoryPath + "@" + manifest.digest(), manifest);
    }

    synchronized Optional<Manifest> get(ImageRef ref) {
        return Optional.ofNullable(ref.hasDigest() ? byDigest.get(ref.path() + "@" + ref.digest())
                : byTag.get(ref.path() + ":" + ref.tagOrLatest()));
    }
}
