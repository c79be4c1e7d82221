package io.stoker.gateway.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoker.gateway.async.AsyncCalls;
import io.stoker.gateway.async.AsyncRejected;
import io.stoker.gateway.async.AsyncRequest;
import io.stoker.gateway.async.CallbackTarget;
import io.stoker.gateway.call.CallError;
import io.stoker.gateway.call.CallFailure;
import io.stoker.gateway.call.CallPath;
import io.stoker.gateway.call.HopByHop;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.registry.FunctionRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * {@code /async-function/<name>[/<rest>]}, any method: the same checks as {@code /function/} ({@link InvokeGate}:
 * 404, 429, 413), then the callback URL's ({@code X-Callback-Url}, 400 when refused), then the body is read (413
 * past the limit) and the call handed to {@link AsyncCalls}; 202 with {@code X-Call-Id} only once it is durable.
 */
@ApplicationScoped
public class AsyncRoute {

    static final String CALLBACK = "X-Callback-Url";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CallPath calls;
    private final AsyncCalls async;
    private final InvokeGate gate;
    private final CallbackTarget callbacks;

    public AsyncRoute(FunctionRegistry registry, StokerConfig config, CallPath calls, AsyncCalls async,
                      io.stoker.gateway.auth.InvokeAuth auth) {
        this.calls = calls;
        this.async = async;
        this.gate = new InvokeGate("/async-function/", Trigger.ASYNC, registry, calls,
                config.invoke().maxBodySize().asLongValue(), auth);
        this.callbacks = new CallbackTarget(config.async().callbackHosts().orElse(List.of()));
    }

    void routes(@Observes Router router) {
        router.route("/async-function/*").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        long startNanos = System.nanoTime();
        HttpServerRequest request = ctx.request();
        InvokeGate.Admitted call = gate.admit(request, startNanos);
        if (call == null) {
            return;
        }
        String callback = request.getHeader(CALLBACK);
        String refusal = callback == null ? null : callbacks.refusal(callback);
        if (refusal != null) {
            calls.reject(request, call.fn(), new CallError(CallFailure.BAD_REQUEST, refusal), startNanos,
                    Trigger.ASYNC);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
            request.response().writeContinue(); // curl waits a second for it before sending a larger body
        }
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > gate.maxBody()) {
                over[0] = true; // answered now; the rest of the body is dropped with the connection
                request.response().putHeader("connection", "close");
                calls.reject(request, call.fn(), gate.bodyTooLarge("more than " + gate.maxBody() + " bytes"), startNanos,
                        Trigger.ASYNC);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> over[0] = true);
        request.endHandler(v -> {
            if (over[0]) {
                return;
            }
            AsyncRequest r = new AsyncRequest(call.fn().name(), request.method().name(), call.uri(),
                    headers(request.headers()), body.getBytes(), callback == null ? null : callback.strip(),
                    Trigger.ASYNC);
            async.submit(r).whenComplete((id, e) -> context.runOnContext(x -> answer(request, id, e)));
        });
    }

    private void answer(HttpServerRequest request, String id, Throwable e) {
        if (e == null) {
            request.response().setStatusCode(202).putHeader("X-Call-Id", id)
                    .putHeader("content-type", "application/json")
                    .end(JSON.createObjectNode().put("callId", id).toString());
            return;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        CallError error = cause instanceof AsyncRejected r ? r.error()
                : new CallError(CallFailure.INTERNAL, "the gateway failed: " + cause);
        InvokeErrors.send(request.response(), error.status(), error.failure().code(), error.message());
    }

    /** End-to-end headers, lower-cased, without the callback (it is Stoker's) and the length (it is recomputed). */
    private static Map<String, String> headers(MultiMap in) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copy(in, copy);
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : copy) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("x-callback-url") || name.equals("content-length") || name.equals("host")) {
                continue;
            }
            out.merge(name, e.getValue(), (a, b) -> a + ", " + b);
        }
        return out;
    }
}
