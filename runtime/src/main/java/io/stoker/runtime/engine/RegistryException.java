package io.stoker.runtime.engine;

/**
 * A pull, push or login the engine did against a registry failed; {@link #reason()} says which way, so the API can
 * answer a missing image or a refused login as the client's mistake and an unreachable registry as an outage.
 */
public class RegistryException extends EngineException {

    /** How a registry operation failed. */
    public enum Reason {
        /** The repository, tag or digest is not in the registry (or a push's local image does not exist). */
        NOT_FOUND,
        /** The registry refused the credentials, or asks for some and none were given. */
        DENIED,
        /** The registry did not answer (refused connection, unknown host, TLS asked of a plain-HTTP registry). */
        UNREACHABLE,
        /** Anything else the engine reported. */
        FAILED
    }

    private final Reason reason;
    private final String reference;

    public RegistryException(Reason reason, String reference, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.reference = reference;
    }

    public Reason reason() {
        return reason;
    }

    /** The image reference (or registry host, for a login) the operation was about. */
    public String reference() {
        return reference;
    }
}
