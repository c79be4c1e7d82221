package io.stoker.gateway.registry;

import io.stoker.gateway.metrics.FunctionMeters;
import io.stoker.runtime.limit.RateGate;
import io.stoker.runtime.pool.FunctionPool;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Instant;

/**
 * A function the gateway serves: its spec, the hash its containers are labelled with, its pool, the meters its
 * calls count on, and its rate gate (null without {@code limits.rate}).
 */
public record DeployedFunction(FunctionSpec spec, String specHash, FunctionPool pool, Instant createdAt,
                               Instant updatedAt, FunctionMeters meters, RateGate rate) {

    /** A version with its own meters holder and, if its spec sets {@code limits.rate}, its own rate gate. */
    public DeployedFunction(FunctionSpec spec, String specHash, FunctionPool pool, Instant createdAt, Instant updatedAt) {
        this(spec, specHash, pool, createdAt, updatedAt, new FunctionMeters(),
                RateGate.of(spec.limits().rate(), System::nanoTime));
    }

    public String name() {
        return spec.name();
    }
}
