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

    /** The engine does not answer at all (no socket, connection refused): it is down or restarting. */
    public static class Unreachable extends EngineException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The engine cannot do this at all (see {@link EngineCapability}): Kubernetes has no pause and builds no image.
     * The message says what to do instead; the gateway answers it with a 4xx, never as a fault of the engine.
     */
    public static class Unsupported extends EngineException {
        private final EngineCapability capability;

        public Unsupported(EngineCapability capability, String message) {
            super(message);
            this.capability = capability;
        }

        public EngineCapability capability() {
            return capability;
        }
    }

    /** Whether {@code e} or one of its causes says the engine does not answer. */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Unreachable) {
                return true;
            }
        }
        return false;
    }
}
