package io.stoker.gateway.registry;

/**
 * A shared store refused a write because another gateway changed the function since this one last saw it: the change
 * was not made, and what serves is what the other gateway deployed (409).
 */
public class StoreConflict extends RuntimeException {

    public StoreConflict(String message) {
        super(message);
    }
}
