package io.stoker.runtime.engine;

/** Hears the exits of a {@link ContainerEngine#watchExits} watch, and its end. Called on the engine's stream thread. */
public interface ExitListener {

    void exited(ContainerExit exit);

    /**
     * The stream ended without being closed by its owner (the engine restarted, the connection broke): no more exits
     * come through this watch. {@code error} is null when the engine closed the stream cleanly.
     */
    void ended(Throwable error);
}
