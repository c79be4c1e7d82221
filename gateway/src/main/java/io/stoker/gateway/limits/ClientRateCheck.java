package io.stoker.gateway.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.invoke.InvokeErrors;
import io.stoker.runtime.spec.FunctionSpec;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code stoker.limits.client-rate}: every request but {@code /q/...} (health and metrics scrapes) passes its client
 * address's gate before anything else runs; past it, 429 with Retry-After, counted in
 * {@code stoker_client_rate_limited_total} (no address tag: the addresses are the attacker's to choose). Run by
 * {@code edge.EdgeFilter}, only while the setting is there.
 */
@ApplicationScoped
public class ClientRateCheck {

    private final ClientGates gates;
    private final Counter limited;

    public ClientRateCheck(StokerConfig config, MeterRegistry registry) {
        StokerConfig.Limits limits = config.limits();
        this.gates = limits.clientRate().map(text -> {
            FunctionSpec.RateLimit rate = FunctionSpec.RateLimit.parse("stoker.limits.client-rate", text);
            if (limits.clientBurst().isPresent()) {
                rate = rate.withBurst(Math.max(1, limits.clientBurst().getAsInt()));
            }
            return new ClientGates(rate, limits.clientAddresses(), System::nanoTime);
        }).orElse(null);
        this.limited = Counter.builder("stoker.client.rate.limited")
                .description("Requests refused because their client address went over stoker.limits.client-rate")
                .register(registry);
    }

    /** Whether {@code stoker.limits.client-rate} is set. */
    public boolean enabled() {
        return gates != null;
    }

    /** Whether the request was refused (and answered); false lets it go on. Only while {@link #enabled}. */
    public boolean refused(RoutingContext ctx) {
        String path = ctx.request().path();
        SocketAddress remote = ctx.request().remoteAddress();
        if (remote == null || path == null || path.startsWith("/q/")) {
            return false;
        }
        long waitNanos = gates.tryPass(remote.hostAddress());
        if (waitNanos == 0) {
            return false;
        }
        limited.increment();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        FunctionSpec.RateLimit limit = gates.limit();
        ctx.response().putHeader("retry-after", Long.toString(seconds));
        InvokeErrors.send(ctx.response(), 429, "client_rate_limited", "this client address makes at most "
                + limit.text() + " (burst " + limit.burst() + ") calls to the gateway; retry after " + seconds + " s");
        return true;
    }
}
