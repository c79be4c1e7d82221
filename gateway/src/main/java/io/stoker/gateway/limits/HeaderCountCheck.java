package io.stoker.gateway.limits;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.invoke.InvokeErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code stoker.limits.max-header-count}: the HTTP server bounds the headers' total size but not their number, and
 * thousands of tiny headers cost every hop (and every function) a map of thousands of entries. Past it, 431 with a
 * JSON body, and the connection closes (the body is not read). Run by {@code edge.EdgeFilter}, after the per-client
 * rate (a flood is turned away by the cheaper check first).
 */
@ApplicationScoped
public class HeaderCountCheck {

    private final int max;

    public HeaderCountCheck(StokerConfig config) {
        this.max = config.limits().maxHeaderCount();
    }

    /** Whether the request was refused (and answered); false lets it go on. */
    public boolean refused(RoutingContext ctx) {
        int count = ctx.request().headers().size();
        if (count <= max) {
            return false;
        }
        ctx.response().putHeader("connection", "close");
        InvokeErrors.send(ctx.response(), 431, "too_many_headers", "the request carries " + count
                + " headers; the gateway takes at most " + max + " (stoker.limits.max-header-count)");
        return true;
    }
}
