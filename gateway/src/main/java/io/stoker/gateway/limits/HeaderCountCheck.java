package io.stoker.gateway.limits;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.invoke.InvokeErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code stoker.limits.max-header-count}: the HTTP server bounds the headers' total size but not their number, and
 * thousands of tiny headers cost every hop (and every function) a map of thousands of entries. Past it, 431 with a
 * JSON body, and the connection closes (the body is not read).
 */
@ApplicationScoped
public class HeaderCountFilter {

    /** Before every route, after the per-client rate (a flood is turned away by the cheaper check first). */
    static final int PRIORITY = ClientRateFilter.PRIORITY - 1;

    private final int max;

    public HeaderCountFilter(StokerConfig config) {
        this.max = config.limits().maxHeaderCount();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext ctx) {
        int count = ctx.request().headers().size();
        if (count <= max) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("connection", "close");
        InvokeErrors.send(ctx.response(), 431, "too_many_headers", "the request carries " + count
                + " headers; the gateway takes at most " + max + " (stoker.limits.max-header-count)");
    }
}
