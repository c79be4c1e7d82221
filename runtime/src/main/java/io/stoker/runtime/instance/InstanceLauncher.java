package io.stoker.runtime.instance;

import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.engine.ContainerExit;
import java.util.List;
import java.util.Optional;

/**
 * Engine-neutral life of one function instance: the pool asks for instances through this and
 * never sees the engine. Every method blocks (engine calls, readiness waits); the pool calls
 * them on its own executor, never on the invoke path. Implementations are thread-safe.
 */
public interface InstanceLauncher {

    /**
     * Creates and starts a hardened container for {@code spec} and waits until it is ready.
     *
     * @param spec the function (its {@code image} is the image to run)
     * @param specHash label value that ties the container to this exact spec
     * @param instanceId short id, unique within the function
     * @throws LaunchException when the container cannot start or never becomes ready (it is removed)
     */
    LaunchedInstance launch(FunctionSpec spec, String specHash, String instanceId);

    /**
     * Throws {@link io.stoker.runtime.engine.EngineException.Unsupported} when a spec asks what this launcher's engine
     * cannot give (e.g. {@code egress: none} without networks), so a deploy is refused before anything starts.
     */
    default void requireSupported(FunctionSpec spec) {}

    /** Stops and removes the instance; an instance already gone is not an error. */
    void stop(LaunchedInstance instance);

    /**
     * Whether {@link #pause} can freeze an instance. Without it (Kubernetes has no pause) the pool never pauses:
     * {@code scale.standby} instances are kept ready instead, and idle ones are only stopped.
     */
    default boolean canPause() {
        return true;
    }

    /** Freezes the instance (standby). */
    void pause(LaunchedInstance instance);

    /** Thaws a paused instance. */
    void resume(LaunchedInstance instance);

    /**
     * How the instance's container ended, or empty while it runs or is paused; one that the engine no longer has
     * ended {@link io.stoker.runtime.engine.ExitCause#VANISHED}.
     */
    Optional<ContainerExit> exitOf(LaunchedInstance instance);

    /** Instances found on the engine for {@code functionName} (any spec hash), for adoption after a restart. */
    List<LaunchedInstance> find(String functionName);

    /** Every Stoker instance on the engine, of any function. */
    List<LaunchedInstance> findAll();
}
