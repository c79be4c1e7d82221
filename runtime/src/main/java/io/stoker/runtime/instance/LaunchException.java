package io.stoker.runtime.instance;

/** An instance could not be started or never became ready; the message says why. */
public class LaunchException extends RuntimeException {

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
