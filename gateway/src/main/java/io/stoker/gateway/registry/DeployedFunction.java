package io.stoker.gateway.registry;

import io.stoker.runtime.pool.FunctionPool;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Instant;

/**
 * A function the gateway serves: its spec, the hash its containers are labelled with, and its pool.
 */
public record DeployedFunction(FunctionSpec spec, String specHash, FunctionPool pool, Instant createdAt, Instant updatedAt) {

    public String name() {
        return spec.name();
    }
}
