package io.stoker.gateway.kafka;

import io.stoker.gateway.invoke.UpstreamClient;
import io.stoker.gateway.metrics.InvocationMeters;
import io.stoker.gateway.metrics.Outcome;
import io.stoker.gateway.metrics.StokerMetrics;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.pool.DeadlineExceededException;
import io.stoker.runtime.pool.InstanceLoss;
import io.stoker.runtime.pool.LaunchFailedException;
import io.stoker.runtime.pool.Lease;
import io.stoker.runtime.pool.PoolClosedException;
import io.stoker.runtime.pool.QueueFullException;
import io.stoker.runtime.trigger.InvokeResult;
import io.stoker.runtime.trigger.RecordInvoker;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a function for a Kafka record on the same path as HTTP calls: a lease from the warm pool,
 * a pooled keep-alive connection, no blocking. Stoker's own failures come back as results with
 * the status an HTTP caller would see, so the trigger retries them like any failure.
 */
@ApplicationScoped
public class FunctionCaller implements RecordInvoker {

    private final FunctionRegistry registry;
    private final UpstreamClient upstream;
    private final Clock clock;

    private final StokerMetrics metrics;

    private final EventLoopContexts contexts;

    public FunctionCaller(FunctionRegistry registry, UpstreamClient upstream, Clock clock, StokerMetrics metrics,
                          io.vertx.core.Vertx vertx) {
        this.contexts = new EventLoopContexts(vertx);
        this.metrics = metrics;
        this.registry = registry;
        this.upstream = upstream;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<InvokeResult> invoke(String function, String path, Map<String, String> headers, byte[] body,
                                                  Duration timeout) {
        DeployedFunction fn = registry.lookup(function);
        if (fn == null) {
            return CompletableFuture.completedFuture(stoker(404, InvokeResult.Fault.CALL,
                    "function " + function + " is not deployed"));
        }
        long deadline = clock.millis() + timeout.toMillis();
        long start = System.nanoTime();
        CompletableFuture<InvokeResult> result = new CompletableFuture<>();
        InvocationMeters meters = metrics.invocations(function, "kafka");
        result.thenAccept(r -> meters.record(r.fromFunction() ? Outcome.ofFunctionStatus(r.status())
                : Outcome.ofStokerStatus(r.status()), System.nanoTime() - start));
        fn.pool().acquire(java.time.Instant.ofEpochMilli(deadline)).whenComplete((lease, error) -> {
            if (error != null) {
                result.complete(fromPool(unwrap(error)));
            } else if (Context.isOnEventLoopThread()) {
                send(lease, path, headers, body, deadline, result);
            } else {
                // The lease may arrive on any thread (a launch thread, a worker releasing an instance). The
                // call must run on an event loop: started off one, a fast answer can complete the response
                // before its body handler is set, and the body is lost (seen: 2xx answers with empty bodies).
                contexts.next().runOnContext(v -> send(lease, path, headers, body, deadline, result));
            }
        });
        return result;
    }

    private void send(Lease lease, String path, Map<String, String> headers, byte[] body, long deadline,
                      CompletableFuture<InvokeResult> result) {
        MultiMap requestHeaders = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(requestHeaders::set);
        requestHeaders.set("x-stoker-deadline-ms", Long.toString(deadline));
        requestHeaders.set("x-stoker-invocation-id", Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        RequestOptions options = new RequestOptions().setHost(lease.host()).setPort(lease.port())
                .setMethod(HttpMethod.POST).setURI(path).setHeaders(requestHeaders)
                .setIdleTimeout(Math.max(1, deadline - clock.millis()));
        lease.onAbort(() -> result.complete(lease.loss() == null ? stoker(502, InvokeResult.Fault.PLATFORM,
                "the instance stopped during the call") : lost(lease.loss())));
        upstream.client().request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> {
                    Map<String, String> out = new HashMap<>();
                    response.headers().forEach(e -> out.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
                    return new InvokeResult(response.statusCode(), out, answer.getBytes(), InvokeResult.Fault.NONE);
                }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        lease.release();
                        result.complete(ar.result());
                    } else if (connectFailed(ar.cause())) {
                        // The record never reached the function: whatever the pool finds, not the record's fault.
                        judge(lease, ar.cause(), InvokeResult.Fault.PLATFORM, "cannot connect to the instance: ", result);
                    } else if (timedOut(ar.cause())) {
                        lease.failed(ar.cause());
                        result.complete(stoker(504, InvokeResult.Fault.CALL,
                                "the function did not answer within the timeout: " + ar.cause().getMessage()));
                    } else {
                        judge(lease, ar.cause(), InvokeResult.Fault.CALL, "the call failed: ", result);
                    }
                });
    }

    /**
     * Whose fault a broken call was depends on what became of its instance, which the pool asks the engine: a loss
     * decides it, else {@code ifRunning}.
     */
    private static void judge(Lease lease, Throwable cause, InvokeResult.Fault ifRunning, String why,
                              CompletableFuture<InvokeResult> result) {
        lease.failed(cause).whenComplete((loss, e) -> result.complete(loss != null && loss.isPresent()
                ? lost(loss.get()) : stoker(502, ifRunning, why + cause.getMessage())));
    }

    /** No connection to the instance (refused, unreachable, or its connect timeout; Netty's is a ConnectException). */
    private static boolean connectFailed(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The call's idle timeout (set to its deadline) fired: Vert.x raises its own NoStackTraceTimeoutException, Netty
     * a ReadTimeoutException; both are told by type, not by their message.
     */
    private static boolean timedOut(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** The call's instance was lost: a platform fault, or a crash this record alone or with others may have caused. */
    static InvokeResult lost(InstanceLoss loss) {
        String why = "the instance stopped during the call (" + loss.cause().name().toLowerCase(java.util.Locale.ROOT)
                + ", " + loss.callsInFlight() + " calls in flight)";
        InvokeResult.Fault fault = loss.platformFault() ? InvokeResult.Fault.PLATFORM
                : loss.soleCall() ? InvokeResult.Fault.CRASH_ALONE : InvokeResult.Fault.CRASH_SHARED;
        return stoker(502, fault, why);
    }

    private static InvokeResult fromPool(Throwable cause) {
        if (cause instanceof QueueFullException) {
            return stoker(429, InvokeResult.Fault.SATURATED, "every instance is busy and the queue is full");
        }
        // None of these is the record's doing: no instance could be had in time, none could start, or the
        // function is being replaced or the gateway is stopping.
        if (cause instanceof DeadlineExceededException) {
            return stoker(504, InvokeResult.Fault.PLATFORM, "no instance was free within the timeout");
        }
        if (cause instanceof LaunchFailedException) {
            return stoker(502, InvokeResult.Fault.PLATFORM, "no instance could start: " + cause.getMessage());
        }
        if (cause instanceof PoolClosedException) {
            return stoker(503, InvokeResult.Fault.PLATFORM, "the function was replaced or the gateway is stopping");
        }
        return stoker(500, InvokeResult.Fault.CALL, String.valueOf(cause));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static InvokeResult stoker(int status, InvokeResult.Fault fault, String message) {
        return new InvokeResult(status, Map.of("content-type", "text/plain"), message.getBytes(StandardCharsets.UTF_8),
                fault);
    }
}
