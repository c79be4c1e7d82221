package io.stoker.gateway.call;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.metrics.StokerMetrics;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallIds;
import io.stoker.gateway.records.CallRecorder;
import io.stoker.gateway.records.EpochMicros;
import io.stoker.gateway.records.RecordsConfig;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionLookup;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.trigger.InvokeResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The one way to call a function, for every trigger: {@link #stream} for HTTP, {@link #call} for records (Kafka
 * records, async calls, schedule ticks). Both go
 * through {@link UpstreamCall}: the same lease handling, headers, deadline and failure classification.
 */
@ApplicationScoped
public class CallPath {

    final FunctionLookup registry;
    final Clock clock;
    final Vertx vertx;
    final StokerMetrics metrics;
    final long maxBody;
    /** Makes each call's record; null while records are off ({@code stoker.records.enabled=false}). */
    final CallRecording records;
    /** Each call's id (its record's too): time-ordered, from a counter. */
    final CallIds ids;
    private final UpstreamClient upstream;
    private final EventLoopContexts contexts;
    /** One sweep per event loop: a call lives on one loop, and so does its deadline. */
    private final ThreadLocal<DeadlineSweep> sweeps;

    @jakarta.inject.Inject
    public CallPath(FunctionRegistry registry, Clock clock, Vertx vertx, StokerMetrics metrics, StokerConfig config,
                    UpstreamClient upstream, CallRecorder recorder, RecordsConfig records) {
        this(registry, clock, vertx, metrics, config.invoke().maxBodySize().asLongValue(), upstream,
                records.enabled() ? recorder : null);
    }

    /** {@code recorder}: where calls' records go; null for none. */
    CallPath(FunctionLookup registry, Clock clock, Vertx vertx, StokerMetrics metrics, long maxBody,
             UpstreamClient upstream, CallRecorder recorder) {
        // The node number is drawn once: SecureRandom per call would cost more than the rest of the id.
        this.ids = new CallIds(clock.millis(), new java.security.SecureRandom().nextInt());
        this.records = recorder == null ? null : new CallRecording(recorder, new EpochMicros(clock), ids);
        this.registry = registry;
        this.clock = clock;
        this.vertx = vertx;
        this.metrics = metrics;
        this.maxBody = maxBody;
        this.upstream = upstream;
        this.contexts = new EventLoopContexts(vertx);
        DeadlineSweep.Timers timers = new DeadlineSweep.Timers() {
            @Override
            public long set(long delayMs, Runnable fired) {
                return vertx.setTimer(delayMs, id -> fired.run());
            }

            @Override
            public void cancel(long id) {
                vertx.cancelTimer(id);
            }
        };
        this.sweeps = ThreadLocal.withInitial(() -> new DeadlineSweep(timers, clock::millis));
    }

    /**
     * Forwards an HTTP call to an instance of {@code fn} and streams the answer back. On the request's event loop,
     * with the request paused and its body not yet read.
     */
    public void stream(HttpServerRequest request, DeployedFunction fn, String uri, long startNanos) {
        new StreamedCall(this, request, fn, uri, startNanos).start();
    }

    /**
     * Makes {@code r} on an instance of its function and collects the answer. From any thread; never fails: a
     * failure is a result whose fault says whose it was.
     */
    public CompletableFuture<InvokeResult> call(CallRequest r) {
        DeployedFunction fn = registry.lookup(r.function());
        if (fn == null) {
            CallError error = CallError.missing(registry, r.function());
            if (records != null && !r.trigger().recordsOwnCalls()) {
                records.missing(r.function(), r.trigger(), error);
            }
            return CompletableFuture.completedFuture(error.asResult());
        }
        // Every upstream request starts on an event loop: started off one, a fast answer can complete before its
        // body handler is set, and the body is lost (seen: 2xx answers with empty bodies).
        boolean onLoop = io.vertx.core.Context.isOnEventLoopThread();
        var context = onLoop ? vertx.getOrCreateContext() : contexts.next();
        BufferedCall call = new BufferedCall(this, context, r, fn);
        if (onLoop) {
            call.start();
        } else {
            context.runOnContext(v -> call.start());
        }
        return call.result;
    }

    /**
     * Answers an HTTP call that is turned away before it reaches the pool (no such function, over the rate, a body
     * over the limit), counted on {@code fn}'s meters when there is a function to count it on.
     */
    public void reject(HttpServerRequest request, DeployedFunction fn, CallError error, long startNanos) {
        reject(request, fn, error, startNanos, Trigger.HTTP);
    }

    /** As {@link #reject(HttpServerRequest, DeployedFunction, CallError, long)}, counted on {@code trigger}'s meters. */
    public void reject(HttpServerRequest request, DeployedFunction fn, CallError error, long startNanos,
                       Trigger trigger) {
        if (fn != null) {
            fn.meters().get(trigger, metrics, fn.name()).record(error.failure().outcome(),
                    System.nanoTime() - startNanos);
            if (records != null) {
                // Recorded for a deployed function only: calls to names that do not exist would fill the store.
                request.response().putHeader(StokerHeaders.INVOCATION_ID,
                        records.rejected(fn, trigger, error, startNanos));
            }
        }
        io.stoker.gateway.invoke.InvokeErrors.send(request.response(), error.status(), error.failure().code(),
                error.message());
    }

    /** The calling event loop's sweep. */
    DeadlineSweep sweep() {
        return sweeps.get();
    }

    /** The calling event loop's client. */
    HttpClient client() {
        return upstream.client();
    }
}
