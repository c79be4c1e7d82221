package io.stoker.runtime.engine.docker;

import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.RegistryException;
import io.stoker.runtime.engine.RegistryException.Reason;
import java.util.Locale;

/**
 * Sorts what the engine says about a failed pull, push or login into a {@link Reason}. The engine passes the
 * registry's words on as text (a 404 "manifest unknown", a 500 "no basic auth credentials"), so the sorting is by
 * the phrases Docker and the distribution registry use.
 */
final class DockerRegistryErrors {

    private DockerRegistryErrors() {}

    static RegistryException of(String action, String reference, String engineText, Throwable cause) {
        Reason reason = reason(engineText);
        String hint = reason == Reason.DENIED && action.startsWith("log in")
                ? " (check the user name and the password)" : hint(reason, reference);
        return new RegistryException(reason, reference, action + ": " + engineText + hint, cause);
    }

    /** The failure of a call that threw before or during its stream; an engine that is away stays that. */
    static EngineException of(String action, String reference, RuntimeException e, DockerErrors errors) {
        RuntimeException translated = errors.translate(action, e);
        if (translated instanceof EngineException.Unreachable unreachable) {
            return unreachable;
        }
        String text = translated.getMessage();
        String prefix = action + ": ";
        return of(action, reference, text.startsWith(prefix) ? text.substring(prefix.length()) : text, e);
    }

    static Reason reason(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("repository does not exist") || t.contains("manifest unknown") || t.contains("not found")
                || t.contains("does not exist locally") || t.contains("no such image") || t.contains("name unknown")) {
            return Reason.NOT_FOUND;
        }
        if (t.contains("no basic auth credentials") || t.contains("unauthorized") || t.contains("authentication required")
                || t.contains("denied") || t.contains("401") || t.contains("403") || t.contains("incorrect username")) {
            return Reason.DENIED;
        }
        if (t.contains("connection refused") || t.contains("no such host") || t.contains("dial tcp")
                || t.contains("i/o timeout") || t.contains("timeout") || t.contains("http response to https client")
                || t.contains("x509") || t.contains("tls") || t.contains("network is unreachable")) {
            return Reason.UNREACHABLE;
        }
        return Reason.FAILED;
    }

    private static String hint(Reason reason, String reference) {
        return switch (reason) {
            case NOT_FOUND -> " (check the repository and the tag or digest of '" + reference + "', or push it first)";
            case DENIED -> " (store credentials for its registry: stoker registry login HOST -u USER --password-stdin)";
            case UNREACHABLE -> " (is the registry of '" + reference + "' running, and is its host:port right?)";
            case FAILED -> "";
        };
    }
}
