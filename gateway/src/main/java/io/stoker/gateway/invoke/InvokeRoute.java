package io.stoker.gateway.invoke;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.gateway.metrics.Outcome;
import io.stoker.gateway.metrics.StokerMetrics;
import io.stoker.runtime.pool.Lease;
import io.stoker.runtime.pool.PoolClosedException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code /function/<name>[/<rest>]}, any method: finds the function, leases an instance from its
 * warm pool (without blocking the event loop) and hands the call to a {@link ProxyCall}.
 */
@ApplicationScoped
public class InvokeRoute {

    private static final String PREFIX = "/function/";

    private final FunctionRegistry registry;
    private final Clock clock;
    private final Vertx vertx;
    private final long maxBody;
    private final UpstreamClient upstream;

    private final StokerMetrics metrics;

    public InvokeRoute(FunctionRegistry registry, Clock clock, Vertx vertx, StokerConfig config, UpstreamClient upstream,
                       StokerMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.clock = clock;
        this.vertx = vertx;
        this.maxBody = config.invoke().maxBodySize().asLongValue();
        this.upstream = upstream;
    }

    void routes(@Observes Router router) {
        router.route("/function/*").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        long startNanos = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String path = request.path();
        if (path.length() <= PREFIX.length()) {
            InvokeErrors.send(request.response(), 404, "function_not_found",
                    "call /function/<name>/<path>; GET /v1/functions lists the deployed functions");
            return;
        }
        int slash = path.indexOf('/', PREFIX.length());
        String name = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
        String rest = slash < 0 ? "/" : path.substring(slash);
        DeployedFunction fn = registry.lookup(name);
        if (fn == null && !registry.restored()) {
            InvokeErrors.send(request.response(), 503, "engine_unavailable", FunctionRegistry.WAITING_FOR_ENGINE);
            return;
        }
        if (fn == null) {
            InvokeErrors.send(request.response(), 404, "function_not_found",
                    "no function named '" + name + "' is deployed (see GET /v1/functions)");
            return;
        }
        String length = request.getHeader("content-length");
        if (length != null && tooLarge(length)) {
            metrics.invocations(fn.name(), "http").record(Outcome.REJECTED, System.nanoTime() - startNanos);
            request.response().putHeader("connection", "close");
            InvokeErrors.send(request.response(), 413, "body_too_large",
                    "the request body (" + length + " bytes) is larger than the limit of " + maxBody + " bytes");
            return;
        }
        String query = request.query();
        String uri = query == null ? rest : rest + "?" + query;
        long timeoutMs = fn.spec().limits().timeout().toMillis();
        long deadline = clock.millis() + timeoutMs;
        String invocationId = Long.toHexString(ThreadLocalRandom.current().nextLong());
        request.pause();
        lease(request, fn, uri, invocationId, deadline, timeoutMs, vertx.getOrCreateContext(), startNanos, REROUTES);
    }

    /** How often a call that could not connect to its instance waits for another one before it answers 502. */
    static final int REROUTES = 2;

    private void lease(HttpServerRequest request, DeployedFunction fn, String uri, String invocationId, long deadline,
                       long timeoutMs, Context context, long startNanos, int reroutes) {
        CompletableFuture<Lease> lease = fn.pool().acquire(java.time.Instant.ofEpochMilli(deadline));
        if (lease.isDone()) {
            // The warm path: a free instance was there, no hop through another thread.
            onLease(request, fn, lease, uri, invocationId, deadline, timeoutMs, context, startNanos, reroutes);
        } else {
            // A caller that leaves while its call waits withdraws it: the pool drops it from the queue at once, and
            // the function never sees a call nobody waits for. The proxy call sets its own handler once leased.
            request.response().closeHandler(v -> lease.cancel(false));
            lease.whenComplete((l, e) -> context.runOnContext(v ->
                    onLease(request, fn, lease, uri, invocationId, deadline, timeoutMs, context, startNanos, reroutes)));
        }
    }

    private void onLease(HttpServerRequest request, DeployedFunction fn, CompletableFuture<Lease> lease, String uri,
                         String invocationId, long deadline, long timeoutMs, Context context, long startNanos,
                         int reroutes) {
        if (lease.isCancelled()) {
            metrics.invocations(fn.name(), "http").record(Outcome.CANCELLED, System.nanoTime() - startNanos);
            return; // the caller left while it waited
        }
        Lease granted;
        try {
            granted = lease.join();
        } catch (java.util.concurrent.CompletionException e) {
            DeployedFunction current = registry.lookup(fn.name());
            if (e.getCause() instanceof PoolClosedException && current != null && current.pool() != fn.pool()) {
                // The function was updated while this call waited: the new version serves it.
                lease(request, current, uri, invocationId, deadline, timeoutMs, context, startNanos, reroutes);
                return;
            }
            int status = PoolErrors.reply(request.response(), fn.name(), e.getCause());
            metrics.invocations(fn.name(), "http").record(Outcome.ofStokerStatus(status), System.nanoTime() - startNanos);
            request.resume();
            return;
        }
        new ProxyCall(this, vertx, context, upstream.client(), request, granted, fn, uri, invocationId, deadline,
                timeoutMs, maxBody, metrics.invocations(fn.name(), "http"), startNanos, reroutes).start();
    }

    /**
     * A call that could not connect to its instance (so nothing was sent) waits for another one, on the function's
     * current version; called by {@link ProxyCall} only then, so the warm path builds nothing for it.
     */
    void reroute(HttpServerRequest request, DeployedFunction fn, String uri, String invocationId, long deadline,
                 long timeoutMs, Context context, long startNanos, int reroutesLeft) {
        DeployedFunction current = registry.lookup(fn.name());
        lease(request, current != null ? current : fn, uri, invocationId, deadline, timeoutMs, context, startNanos,
                reroutesLeft);
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBody;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
