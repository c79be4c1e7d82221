package io.stoker.gateway.build;

/** An uploaded function folder cannot be used (no stoker.yaml, wrong name, not a tar.gz). */
public class UploadException extends RuntimeException {

    public UploadException(String message) {
        super(message);
    }

    public UploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
