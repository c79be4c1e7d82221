package io.stoker.gateway.registry;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where deployed functions are kept so they outlive a gateway: a folder of one gateway ({@link DiskFunctionStore}) or
 * a store several gateways share (the {@code Function} resources of a Kubernetes namespace). A shared store checks
 * that a write starts from what the writer last saw, and tells each gateway of the others' changes.
 */
public interface FunctionStore {

    /** A stored function: its spec and when it was first deployed and last changed. */
    record Stored(FunctionSpec spec, Instant createdAt, Instant updatedAt) {}

    /**
     * Creates or replaces a function.
     *
     * @param expectedHash the spec hash the writer serves now, null when it knows of no such function; a shared store
     *     throws {@link StoreConflict} when the stored function is not that one
     */
    void save(Stored stored, String expectedHash);

    /** Removes a function; {@code expectedHash} as for {@link #save}. Removing one that is gone already is no error. */
    void delete(String name, String expectedHash);

    /** Every stored function; one that no longer reads is logged and skipped, never removed. */
    List<Stored> loadAll();

    /**
     * The function as stored now, read afresh (not from a cache that may lag behind this gateway's own writes); empty
     * when none is stored. One stored that does not read as a function throws {@link Unreadable}: it is not gone.
     */
    Optional<Stored> load(String name);

    /** A stored function that does not read as one (edited by hand, or by a newer gateway); it is kept as it is. */
    class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    /**
     * Starts telling {@code listener} which functions may have changed, own writes included. A listener reads the
     * function afresh ({@link #load}) rather than trusting the event, so an event that arrives late never undoes a
     * newer change. A store that no other gateway writes has nothing to tell.
     */
    default void watch(Listener listener) {
    }

    /** Stops telling; the store may be used no more. */
    default void close() {
    }

    /** Hears of functions that may have changed (created, updated, deleted, or listed again after a reconnect). */
    @FunctionalInterface
    interface Listener {
        /** Called on the watch's own thread: hand the work off. */
        void changed(String name);
    }
}
