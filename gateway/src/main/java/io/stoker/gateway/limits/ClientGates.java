package io.stoker.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stoker.runtime.limit.RateGate;
import io.stoker.runtime.spec.FunctionSpec;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One {@link RateGate} per client address, in a bounded cache: at most {@code maxAddresses} are kept (the least
 * recently seen go first), and a gate unused for as long as its burst takes to refill is dropped, since a new one
 * would let exactly as much through. So a flood of addresses costs bounded memory; an address pushed out early only
 * gets a fresh burst.
 */
final class ClientGates {

    private final FunctionSpec.RateLimit limit;
    private final LongSupplier nanoTime;
    private final Cache<String, RateGate> gates;

    ClientGates(FunctionSpec.RateLimit limit, int maxAddresses, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
        long refillNanos = Math.round(limit.burst() * 1e9 / limit.perSecond());
        this.gates = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfterAccess(Duration.ofNanos(Math.max(refillNanos, 1_000_000_000L)))
                .ticker(nanoTime::getAsLong)
                .executor(Runnable::run)
                .build();
    }

    /** Lets one call of {@code address} through (0), or returns the nanoseconds until one would pass. */
    long tryPass(String address) {
        return gates.get(address, a -> new RateGate(limit, nanoTime)).tryPass();
    }

    FunctionSpec.RateLimit limit() {
        return limit;
    }

    /** Addresses tracked now (after pending evictions). */
    long tracked() {
        gates.cleanUp();
        return gates.estimatedSize();
    }
}
