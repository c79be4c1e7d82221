package io.stoker.gateway.registry;

import io.stoker.runtime.spec.FunctionSpec;
import java.util.Optional;

/**
 * A CDI event: a function was deployed, updated, restored at start, or deleted (empty spec).
 *
 * @param name the function
 * @param spec its spec now; empty when it was deleted
 */
public record FunctionChanged(String name, Optional<FunctionSpec> spec) {}
