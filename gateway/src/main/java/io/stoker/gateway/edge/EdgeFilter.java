package io.stoker.gateway.edge;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.stoker.gateway.isolation.FunctionNetworkCheck;
import io.stoker.gateway.limits.ClientRateCheck;
import io.stoker.gateway.limits.HeaderCountCheck;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The checks every request passes before any route, as one filter: each filter is a hop through the router on every
 * call, so three of them cost the warm path three. In order: callers from a function network reach only the invoke
 * routes ({@link FunctionNetworkCheck}), the per-client rate when it is set ({@link ClientRateCheck}), the header
 * count ({@link HeaderCountCheck}). The first check that refuses answers; the rest do not run.
 */
@ApplicationScoped
public class EdgeFilter {

    /** Before every route and every other filter. */
    static final int PRIORITY = 9_100;

    private final FunctionNetworkCheck network;
    /** Null while {@code stoker.limits.client-rate} is unset: no per-call cost then. */
    private final ClientRateCheck clientRate;
    private final HeaderCountCheck headerCount;

    public EdgeFilter(FunctionNetworkCheck network, ClientRateCheck clientRate, HeaderCountCheck headerCount) {
        this.network = network;
        this.clientRate = clientRate.enabled() ? clientRate : null;
        this.headerCount = headerCount;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext ctx) {
        if (network.refused(ctx) || (clientRate != null && clientRate.refused(ctx)) || headerCount.refused(ctx)) {
            return;
        }
        ctx.next();
    }
}
