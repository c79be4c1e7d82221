package io.stoker.gateway.invoke;

import io.stoker.gateway.call.CallPath;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.registry.FunctionRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /function/<name>[/<rest>]}, any method: finds the function, turns away what cannot be served (no such
 * function, a body over the limit: {@link InvokeGate}), and hands the rest to the one call path
 * ({@link CallPath#stream}).
 */
@ApplicationScoped
public class InvokeRoute {

    private final CallPath calls;
    private final InvokeGate gate;

    public InvokeRoute(FunctionRegistry registry, StokerConfig config, CallPath calls,
                       io.stoker.gateway.auth.InvokeAuth auth) {
        this.calls = calls;
        this.gate = new InvokeGate("/function/", Trigger.HTTP, registry, calls,
                config.invoke().maxBodySize().asLongValue(), auth);
    }

    void routes(@Observes Router router) {
        router.route("/function/*").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        long startNanos = System.nanoTime();
        HttpServerRequest request = ctx.request();
        InvokeGate.Admitted call = gate.admit(request, startNanos);
        if (call == null) {
            return;
        }
        request.pause();
        calls.stream(request, call.fn(), call.uri(), startNanos);
    }
}
