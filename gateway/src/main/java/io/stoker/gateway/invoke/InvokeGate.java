package io.stoker.gateway.invoke;

import io.stoker.gateway.auth.InvokeAuth;
import io.stoker.gateway.call.CallError;
import io.stoker.gateway.call.CallFailure;
import io.stoker.gateway.call.CallPath;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.limit.RateGate;
import io.vertx.core.http.HttpServerRequest;

/**
 * What {@code /function/...} and {@code /async-function/...} turn away before a call is made: no function named in
 * the path, no such function, a call without the token an {@code auth: token} function needs ({@link InvokeAuth}:
 * 401, 403; an admitted call's Authorization header is removed), over the function's rate ({@code limits.rate}, 429 with Retry-After), a declared body
 * over the limit (413). Each is answered through {@link CallPath#reject}.
 */
final class InvokeGate {

    /** A request that passed: its function and the path (and query) to call it on. */
    record Admitted(DeployedFunction fn, String uri) {}

    private final String prefix;
    private final Trigger trigger;
    private final FunctionRegistry registry;
    private final CallPath calls;
    private final long maxBody;
    private final InvokeAuth auth;

    InvokeGate(String prefix, Trigger trigger, FunctionRegistry registry, CallPath calls, long maxBody,
               InvokeAuth auth) {
        this.auth = auth;
        this.prefix = prefix;
        this.trigger = trigger;
        this.registry = registry;
        this.calls = calls;
        this.maxBody = maxBody;
    }

    /** The function and path, or null when the request was answered already. */
    Admitted admit(HttpServerRequest request, long startNanos) {
        String path = request.path();
        if (path.length() <= prefix.length()) {
            calls.reject(request, null, new CallError(CallFailure.NOT_DEPLOYED, "call " + prefix
                    + "<name>/<path>; GET /v1/functions lists the deployed functions"), startNanos, trigger);
            return null;
        }
        int slash = path.indexOf('/', prefix.length());
        String name = slash < 0 ? path.substring(prefix.length()) : path.substring(prefix.length(), slash);
        String rest = slash < 0 ? "/" : path.substring(slash);
        DeployedFunction fn = registry.lookup(name);
        if (fn == null) {
            calls.reject(request, null, CallError.missing(registry, name), startNanos, trigger);
            return null;
        }
        // Before the rate: a refused caller uses none of the function's rate.
        CallError denied = auth.check(request, fn.spec());
        if (denied != null) {
            calls.reject(request, fn, denied, startNanos, trigger);
            return null;
        }
        RateGate rate = fn.rate();
        long waitNanos = rate == null ? 0 : rate.tryPass();
        if (waitNanos > 0) {
            // Retry-After in whole seconds (at least 1), as the header wants them.
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            var limit = fn.spec().limits().rate();
            request.response().putHeader("retry-after", Long.toString(seconds));
            calls.reject(request, fn, new CallError(CallFailure.RATE_LIMITED, "function '" + fn.name()
                    + "' takes at most " + limit.text() + " (burst " + limit.burst() + "); retry after " + seconds
                    + " s"), startNanos, trigger);
            return null;
        }
        String length = request.getHeader("content-length");
        if (length != null && tooLarge(length)) {
            request.response().putHeader("connection", "close"); // the body is not read
            calls.reject(request, fn, bodyTooLarge(length + " bytes"), startNanos, trigger);
            return null;
        }
        String query = request.query();
        return new Admitted(fn, query == null ? rest : rest + "?" + query);
    }

    long maxBody() {
        return maxBody;
    }

    CallError bodyTooLarge(String size) {
        return new CallError(CallFailure.BODY_TOO_LARGE, "the request body (" + size
                + ") is larger than the limit of " + maxBody + " bytes");
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBody;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
