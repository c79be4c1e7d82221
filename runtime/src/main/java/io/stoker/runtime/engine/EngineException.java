package io.stoker.runtime.engine;

/** A container engine call failed; the message says what to do next where it can. */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The container, image or network named does not exist. */
    public static class NotFound extends EngineException {
        public NotFound(String message) {
            super(message);
        }

        public NotFound(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
