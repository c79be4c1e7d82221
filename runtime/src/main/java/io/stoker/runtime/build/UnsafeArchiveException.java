package io.stoker.runtime.build;

/**
 * An uploaded function archive was refused: an entry escapes the folder, is a device or a link
 * pointing outside, the archive is too large or is not a readable tar(.gz). Bad input: the gateway
 * answers 400 with the message.
 */
public class UnsafeArchiveException extends RuntimeException {

    public UnsafeArchiveException(String message) {
        super(message);
    }

    public UnsafeArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
