package io.stoker.gateway.isolation;

import io.stoker.gateway.invoke.InvokeErrors;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A function container reaches the host's side of its bridge, so a gateway bound beyond loopback answers it there.
 * This check (run by {@code edge.EdgeFilter}) lets such callers use only the invoke routes ({@code /function/…}, {@code /async-function/…}, which
 * each function's own {@code auth:} guards, so functions can call functions); the management API, metrics, health
 * and everything else answer 403 {@code function_network}, whatever token comes along.
 *
 * <p>Cheap on the invoke path: a path prefix test, then nothing. The peer is the TCP connection's, never a forwarded
 * header, which a function could write itself.
 */
@ApplicationScoped
public class FunctionNetworkCheck {

    private final FunctionNetworks networks;

    public FunctionNetworkCheck(FunctionNetworks networks) {
        this.networks = networks;
    }

    /** Whether the request was refused (and answered); false lets it go on. */
    public boolean refused(RoutingContext ctx) {
        // The normalized path, as the router matches on it: "/function/../v1/tokens" is not an invoke route.
        String path = ctx.normalizedPath();
        if (path != null && (path.startsWith("/function/") || path.startsWith("/async-function/"))) {
            return false;
        }
        SocketAddress peer = ctx.request().connection() != null ? ctx.request().connection().remoteAddress()
                : ctx.request().remoteAddress();
        if (peer == null || !networks.isFunction(peer.hostAddress())) {
            return false;
        }
        ctx.response().putHeader("connection", "close");
        InvokeErrors.send(ctx.response(), 403, "function_network", "calls from a function container may use only"
                + " the invoke routes (/function/NAME, /async-function/NAME); " + path + " is not one");
        return true;
    }
}
