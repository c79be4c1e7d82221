package io.stoker.runtime.engine;

/**
 * One secret a container sees as read-only files at {@code /var/stoker/secrets/<name>/<key>}: engine-neutral, so the
 * Docker driver binds {@code hostDir} read-only there, and another driver may map {@code name} onto its own kind of
 * secret volume. The files in {@code hostDir} are already owned by the container's user, mode 0400, on a tmpfs; the
 * values never pass through a container spec, so no spec, label or log line can carry them.
 *
 * @param name the secret's name (a DNS label)
 * @param hostDir absolute path of the directory holding one file per key
 */
public record SecretMount(String name, String hostDir) {

    /** Where every secret appears inside a container. */
    public static final String ROOT = "/var/stoker/secrets";

    public SecretMount {
        if (name == null || !name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("not a secret name: " + name);
        }
        if (hostDir == null || !hostDir.startsWith("/")) {
            throw new IllegalArgumentException("a secret's host directory must be an absolute path: " + hostDir);
        }
    }

    /** The directory inside the container. */
    public String target() {
        return ROOT + "/" + name;
    }
}
