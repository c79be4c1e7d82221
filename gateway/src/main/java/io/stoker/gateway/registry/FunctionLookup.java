package io.stoker.gateway.registry;

/** What the call path needs of the registry: a lock-free read of the serving version of a function. */
public interface FunctionLookup {

    /** The serving version of the function, or null. */
    DeployedFunction lookup(String name);

    /** Whether the stored functions are loaded (until then a miss may be a function not restored yet). */
    boolean restored();
}
