package io.stoker.runtime.engine;

import java.util.regex.Pattern;

/**
 * An OCI image reference, {@code [host[:port]/]path[:tag][@algorithm:hex]}, checked against the grammar the
 * engine uses (distribution's reference package), so a mistake is refused when the spec is read, not when an
 * instance starts.
 *
 * <p>The first path component is the registry host when it has a '.' or a ':' or is {@code localhost}, as the
 * engine decides; a reference without one has {@link #host()} "" and goes to the engine's default registry.
 *
 * @param host the registry host with its port, or "" when the reference names none
 * @param path the repository path below the host
 * @param tag the tag, or "" when none is given
 * @param digest the digest ({@code sha256:…}), or "" when none is given
 */
public record ImageRef(String host, String path, String tag, String digest) {

    private static final int MAX_NAME = 255;
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]{1,5})?");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    /** Parses {@code text}; an {@link IllegalArgumentException} says what is wrong with it. */
    public static ImageRef parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an image reference must not be empty");
        }
        String rest = text;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("'" + text + "': the digest after '@' must be sha256: and 64 lower-case"
                        + " hex digits");
            }
        }
        String tag = "";
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + text + "': the tag '" + tag + "' must be letters, digits, '_', '.'"
                        + " or '-' (at most 128, not starting with '.' or '-')");
            }
        }
        String host = "";
        int first = rest.indexOf('/');
        if (first > 0) {
            String candidate = rest.substring(0, first);
            if (candidate.contains(".") || candidate.contains(":") || candidate.equals("localhost")) {
                if (!HOST.matcher(candidate).matches()) {
                    throw new IllegalArgumentException("'" + text + "': '" + candidate + "' is not a registry host[:port]");
                }
                host = candidate;
                rest = rest.substring(first + 1);
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no repository");
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("'" + text + "': the repository part '" + component + "' must be"
                        + " lower-case letters and digits, separated by '.', '_', '__' or '-'");
            }
        }
        if ((host.isEmpty() ? 0 : host.length() + 1) + rest.length() > MAX_NAME) {
            throw new IllegalArgumentException("'" + text + "': the repository name is longer than " + MAX_NAME);
        }
        return new ImageRef(host, rest, tag, digest);
    }

    /** Whether {@code text} parses. */
    public static boolean valid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The repository with its host, without tag or digest: {@code 127.0.0.1:5000/team/hello}. */
    public String repository() {
        return host.isEmpty() ? path : host + "/" + path;
    }

    public boolean hasDigest() {
        return !digest.isEmpty();
    }

    /** This repository at {@code digest}, the tag dropped: the reference that always means the same bytes. */
    public ImageRef atDigest(String newDigest) {
        return new ImageRef(host, path, "", newDigest);
    }

    /** This repository with {@code newTag}, no digest. */
    public ImageRef withTag(String newTag) {
        return new ImageRef(host, path, newTag, "");
    }

    /** The tag the engine pulls when none is given. */
    public String tagOrLatest() {
        return tag.isEmpty() ? "latest" : tag;
    }

    @Override
    public String toString() {
        return repository() + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }
}
