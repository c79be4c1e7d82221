package io.stoker.gateway.invoke;

import io.stoker.gateway.metrics.InvocationMeters;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.metrics.Outcome;
import io.stoker.runtime.pool.Lease;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One call forwarded to one leased instance: streams the request body (counting it against the
 * limit), streams the answer back unchanged, enforces the deadline, and gives the lease back
 * exactly once. Every method runs on the request's event-loop context.
 */
final class ProxyCall {

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Lease lease;
    private final String function;
    private final String uri;
    private final String invocationId;
    private final long deadlineEpochMs;
    private final long maxBody;
    private final long timeoutMs;

    private final InvocationMeters meters;
    private final long startNanos;
    private final InvokeRoute route;
    private final DeployedFunction fn;
    /** How often this call may still wait for another instance when it cannot connect to its own. */
    private final int reroutes;
    private Outcome outcome = Outcome.REJECTED;
    private HttpClientRequest upstream;
    private long timer = -1;
    private boolean finished;

    ProxyCall(InvokeRoute route, Vertx vertx, Context context, HttpClient client, HttpServerRequest request, Lease lease,
              DeployedFunction fn, String uri, String invocationId, long deadlineEpochMs, long timeoutMs, long maxBody,
              InvocationMeters meters, long startNanos, int reroutes) {
        this.route = route;
        this.fn = fn;
        this.reroutes = reroutes;
        this.meters = meters;
        this.startNanos = startNanos;
        this.vertx = vertx;
        this.context = context;
        this.client = client;
        this.request = request;
        this.response = request.response();
        this.lease = lease;
        this.function = fn.name();
        this.uri = uri;
        this.invocationId = invocationId;
        this.deadlineEpochMs = deadlineEpochMs;
        this.timeoutMs = timeoutMs;
        this.maxBody = maxBody;
    }

    void start() {
        long remaining = Math.max(1, deadlineEpochMs - System.currentTimeMillis());
        timer = vertx.setTimer(remaining, t -> {
            timer = -1;
            fail(504, "timeout", "function '" + function + "' did not answer within its timeout of " + timeoutMs + " ms", false);
        });
        lease.onAbort(() -> context.runOnContext(v -> fail(502, "instance_failed",
                "the instance of '" + function + "' serving this call stopped (crashed or was killed)", true)));
        response.closeHandler(v -> {
            // The caller went away: stop the upstream call, the instance itself is fine.
            if (!finished && upstream != null) {
                upstream.reset();
            }
            finish(false, null);
        });
        RequestOptions options = new RequestOptions()
                .setHost(lease.host())
                .setPort(lease.port())
                .setMethod(request.method())
                .setURI(uri);
        io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
        HopByHop.copy(request.headers(), headers);
        options.setHeaders(headers);
        headers
                .set("x-stoker-invocation-id", invocationId)
                .set("x-stoker-deadline-ms", Long.toString(deadlineEpochMs))
                .set("x-forwarded-host", request.host() == null ? "" : request.host())
                .set("x-forwarded-proto", request.scheme() == null ? "http" : request.scheme());
        client.request(options).onComplete(ar -> {
            if (ar.failed()) {
                if (reroutes > 0 && !finished) {
                    // Nothing was sent (the body is still paused): the call can wait for another instance, as a
                    // call that found none free does, instead of failing for an instance that is gone.
                    finished = true;
                    if (timer >= 0) {
                        vertx.cancelTimer(timer);
                    }
                    // After the pool's verdict: an instance found gone has left the pool by then.
                    lease.failed(ar.cause()).whenComplete((verdict, e) -> context.runOnContext(v -> route.reroute(
                            request, fn, uri, invocationId, deadlineEpochMs, timeoutMs, context, startNanos,
                            reroutes - 1)));
                    return;
                }
                fail(502, "instance_unreachable", "cannot connect to the instance of '" + function + "': "
                        + ar.cause().getMessage(), true);
                return;
            }
            upstream = ar.result();
            if (finished) {
                upstream.reset();
                return;
            }
            upstream.response().onComplete(r -> {
                if (r.failed()) {
                    fail(502, "instance_failed", "the instance of '" + function + "' closed the connection without"
                            + " an answer: " + r.cause().getMessage(), true);
                } else {
                    relay(r.result());
                }
            });
            sendBody();
        });
    }

    private void sendBody() {
        String contentLength = request.getHeader("content-length");
        boolean chunked = request.getHeader("transfer-encoding") != null;
        if (contentLength == null && !chunked) {
            upstream.end();
            request.resume();
            return;
        }
        if (contentLength == null) {
            upstream.setChunked(true);
        }
        long[] seen = {0};
        request.handler(chunk -> {
            if (finished) {
                return;
            }
            seen[0] += chunk.length();
            if (seen[0] > maxBody) {
                // The rest of the body is not read: close the connection once the 413 is out.
                response.putHeader("connection", "close");
                fail(413, "body_too_large", "the request body is larger than the limit of " + maxBody + " bytes", false);
                return;
            }
            upstream.write(chunk);
            if (upstream.writeQueueFull()) {
                request.pause();
                upstream.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(e -> fail(400, "bad_request", "reading the request body failed: " + e.getMessage(), false));
        request.endHandler(v -> {
            if (!finished) {
                upstream.end();
            }
        });
        request.resume();
    }

    private void relay(HttpClientResponse answer) {
        if (finished) {
            return;
        }
        outcome = Outcome.ofFunctionStatus(answer.statusCode());
        response.setStatusCode(answer.statusCode());
        response.setStatusMessage(answer.statusMessage());
        HopByHop.copy(answer.headers(), response.headers());
        response.headers().set("x-stoker-invocation-id", invocationId);
        response.headers().set("x-stoker-instance", lease.instanceId());
        if (answer.getHeader("content-length") == null && !"HEAD".equals(request.method().name())) {
            response.setChunked(true);
        }
        answer.handler(buf -> writeOut(answer, buf));
        answer.exceptionHandler(e -> fail(502, "instance_failed", "the instance of '" + function
                + "' broke off its answer: " + e.getMessage(), true));
        answer.endHandler(v -> {
            if (!finished) {
                response.end();
                finish(false, null);
            }
        });
    }

    private void writeOut(HttpClientResponse answer, Buffer buf) {
        if (finished) {
            return;
        }
        response.write(buf);
        if (response.writeQueueFull()) {
            answer.pause();
            response.drainHandler(v -> answer.resume());
        }
    }

    private void fail(int status, String code, String message, boolean instanceAtFault) {
        if (finished) {
            return;
        }
        outcome = Outcome.ofStokerStatus(status);
        InvokeErrors.send(response, status, code, message);
        finish(instanceAtFault, new RuntimeException(message));
        // After finish: a reset fails the upstream response at once, which must not answer twice.
        if (upstream != null) {
            upstream.reset();
        }
    }

    private void finish(boolean instanceAtFault, Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        meters.record(outcome, System.nanoTime() - startNanos);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (instanceAtFault) {
            lease.failed(cause);
        } else {
            lease.release();
        }
    }
}
