package io.stoker.gateway.call;

import io.stoker.gateway.invoke.InvokeErrors;
import io.stoker.gateway.metrics.InvocationMeters;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.pool.Lease;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP call, streamed both ways: the request body goes to the instance as it arrives (counted against the
 * limit), the answer comes back as it is written, with back-pressure each way. The caller's own header map is
 * forwarded as it is, Stoker's and the forwarding headers added, when it has no hop-by-hop header (the usual case);
 * otherwise the end-to-end ones are copied.
 */
final class StreamedCall extends UpstreamCall {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final long maxBody;
    private final boolean hasBody;
    private final boolean chunked;
    private long bodySeen;
    /** The body is being read (to the instance): from then on it is not resumed for an error answer. */
    private boolean bodyRead;

    StreamedCall(CallPath path, HttpServerRequest request, DeployedFunction fn, String uri, long startNanos) {
        super(path, path.vertx.getOrCreateContext(), fn, request.method(), uri, fn.spec().limits().timeout().toMillis(),
                startNanos);
        this.request = request;
        this.response = request.response();
        this.maxBody = path.maxBody;
        // Read before the hop-by-hop headers (transfer-encoding among them) leave the map. HTTP/2 has no
        // transfer-encoding: its body is there unless the stream ended with the headers, and goes on as chunks
        // when it has no content-length.
        boolean length = request.getHeader("content-length") != null;
        if (request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
            this.hasBody = length || !request.isEnded();
            this.chunked = !length && hasBody;
        } else {
            this.chunked = request.getHeader("transfer-encoding") != null;
            this.hasBody = chunked || length;
        }
    }

    @Override
    void waiting(CompletableFuture<Lease> lease) {
        // A caller that leaves while its call waits withdraws it: the pool drops it from the queue at once, and the
        // function never sees a call nobody waits for.
        response.closeHandler(v -> lease.cancel(false));
    }

    @Override
    void leased() {
        response.closeHandler(v -> fail(new CallError(CallFailure.CANCELLED, "the caller left"), null));
    }

    @Override
    MultiMap requestHeaders() {
        MultiMap own = request.headers();
        MultiMap headers = own;
        if (HopByHop.present(own)) {
            headers = MultiMap.caseInsensitiveMultiMap();
            HopByHop.copy(own, headers);
        }
        String host = request.host();
        String scheme = request.scheme();
        StokerHeaders.add(headers, invocationId, deadline);
        return headers
                .set("x-forwarded-host", host == null ? "" : host)
                .set("x-forwarded-proto", scheme == null ? "http" : scheme);
    }

    @Override
    void writeBody(HttpClientRequest upstream) {
        if (!hasBody) {
            upstream.end();
            request.resume();
            return;
        }
        if (chunked) {
            upstream.setChunked(true); // (a content-length went along with the caller's headers)
        }
        bodyRead = true;
        request.handler(chunk -> {
            if (done) {
                return;
            }
            bodySeen += chunk.length();
            if (bodySeen > maxBody) {
                // The rest of the body is not read: close the connection once the 413 is out.
                response.putHeader("connection", "close");
                fail(new CallError(CallFailure.BODY_TOO_LARGE, "the request body is larger than the limit of "
                        + maxBody + " bytes"), null);
                return;
            }
            upstream.write(chunk);
            if (upstream.writeQueueFull()) {
                request.pause();
                upstream.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(e -> fail(new CallError(CallFailure.BAD_REQUEST, "reading the request body failed: "
                + e.getMessage()), null));
        request.endHandler(v -> {
            if (!done) {
                upstream.end();
            }
        });
        request.resume();
    }

    @Override
    void onAnswer(HttpClientResponse answer) {
        int status = answer.statusCode();
        response.setStatusCode(status);
        response.setStatusMessage(answer.statusMessage());
        HopByHop.copy(answer.headers(), response.headers());
        response.headers().set(StokerHeaders.INVOCATION_ID, invocationId).set("x-stoker-instance", lease.instanceId());
        if (answer.getHeader("content-length") == null && !io.vertx.core.http.HttpMethod.HEAD.equals(request.method())) {
            response.setChunked(true);
        }
        answer.handler(buf -> writeOut(answer, buf));
        answer.exceptionHandler(this::broken);
        answer.endHandler(v -> {
            if (!done) {
                // Answered first: ending the response may close the connection at once (an h2c upgrade does), and its
                // close handler would otherwise count an answered call as one whose caller left.
                answered(status);
                response.end();
            }
        });
    }

    private void writeOut(HttpClientResponse answer, Buffer buf) {
        if (done) {
            return;
        }
        response.write(buf);
        if (response.writeQueueFull()) {
            answer.pause();
            response.drainHandler(v -> answer.resume());
        }
    }

    @Override
    void deliver(CallError error) {
        InvokeErrors.send(response, error.status(), error.failure().code(), error.message());
        if (!bodyRead) {
            request.resume(); // a body never read must not hold the connection
        }
    }

    @Override
    InvocationMeters meters() {
        return fn.meters().get(Trigger.HTTP, path.metrics, fn.name());
    }

    @Override
    Trigger trigger() {
        return Trigger.HTTP;
    }

    @Override
    boolean waitsForVerdict() {
        return false; // an HTTP caller gets its 502 at once; whose fault it was changes nothing for it
    }
}
