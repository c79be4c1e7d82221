package io.stoker.runtime.pool;

import io.stoker.runtime.engine.ExitCause;
import java.util.Objects;

/**
 * An instance was lost while calls were out on it: why, and how many calls it was serving then. A caller that can
 * call again (a Kafka record) uses it to tell a platform fault from a call that ended the instance itself.
 *
 * @param cause why the instance is gone
 * @param callsInFlight the calls it was serving when it went, this one included
 */
public record InstanceLoss(Cause cause, int callsInFlight) {

    public InstanceLoss {
        Objects.requireNonNull(cause, "cause");
    }

    /** Why an instance is gone. */
    public enum Cause {
        /** Killed, stopped or removed from outside Stoker. */
        KILLED,
        /** The engine killed it at its memory limit. */
        OUT_OF_MEMORY,
        /** Its process ended by itself, a crash included. */
        EXITED,
        /** The engine no longer has it and no exit was seen (found missing by a check or a reconcile). */
        VANISHED,
        /** The engine does not answer: it restarted or is down, and took its containers with it. */
        ENGINE_LOST,
        /** Stoker stopped it: the function was updated or deleted, or the gateway is shutting down. */
        STOPPED;

        static Cause of(ExitCause exit) {
            return switch (exit) {
                case KILLED -> KILLED;
                case OUT_OF_MEMORY -> OUT_OF_MEMORY;
                case EXITED -> EXITED;
                case VANISHED -> VANISHED;
            };
        }
    }

    /**
     * Whether the loss came from outside the calls: true for kills, engine restarts and Stoker's own stops; false
     * when the instance ran out of memory or its process ended by itself, which a call may have caused.
     */
    public boolean platformFault() {
        return cause != Cause.OUT_OF_MEMORY && cause != Cause.EXITED;
    }

    /** Whether this call was the only one the instance served when it went, so nothing else can have caused it. */
    public boolean soleCall() {
        return callsInFlight <= 1;
    }
}
