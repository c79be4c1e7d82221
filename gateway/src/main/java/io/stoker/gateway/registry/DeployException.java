package io.stoker.gateway.registry;

/** A deploy failed (the image would not start or never became ready); what was deployed before still serves. */
public class DeployException extends RuntimeException {

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
