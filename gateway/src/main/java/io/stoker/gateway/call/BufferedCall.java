package io.stoker.gateway.call;

import io.stoker.gateway.metrics.InvocationMeters;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.trigger.InvokeResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A call with its whole body in hand and its whole answer collected, for triggers that deliver records (Kafka, and
 * later async calls and schedules). Failures come back as results, never exceptions, with whose fault they were, so
 * the trigger knows whether a retry uses one of the record's attempts.
 */
final class BufferedCall extends UpstreamCall {

    private final Trigger trigger;
    private final Map<String, String> headers;
    private final byte[] body;
    /** Who takes this call's record instead of the recorder (the async component, per attempt); null if none. */
    private final Consumer<CallRecord> attempt;
    final CompletableFuture<InvokeResult> result = new CompletableFuture<>();

    BufferedCall(CallPath path, Context context, CallRequest r, DeployedFunction fn) {
        super(path, context, fn, HttpMethod.valueOf(r.method()), r.path(), r.timeout().toMillis(), System.nanoTime());
        this.trigger = r.trigger();
        this.headers = r.headers();
        this.body = r.body();
        this.attempt = r.attempt();
    }

    @Override
    MultiMap requestHeaders() {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(out::set);
        StokerHeaders.add(out, invocationId, deadline);
        return out;
    }

    @Override
    void writeBody(HttpClientRequest upstream) {
        upstream.end(Buffer.buffer(body));
    }

    @Override
    void onAnswer(HttpClientResponse answer) {
        answer.body().onComplete(ar -> {
            if (ar.failed()) {
                broken(ar.cause());
                return;
            }
            if (done) {
                return;
            }
            Map<String, String> out = new HashMap<>();
            answer.headers().forEach(e -> out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            answered(answer.statusCode());
            result.complete(new InvokeResult(answer.statusCode(), out, ar.result().getBytes(), InvokeResult.Fault.NONE));
        });
    }

    @Override
    void deliver(CallError error) {
        result.complete(error.asResult());
    }

    @Override
    InvocationMeters meters() {
        return fn.meters().get(trigger, path.metrics, fn.name());
    }

    @Override
    Trigger trigger() {
        return trigger;
    }

    /**
     * Kafka records are recorded here, one record per call of the function. Async calls and schedule ticks are
     * recorded by their own component under their call id (with attempts and the answer): it takes each attempt's
     * record through {@code attempt}, and none goes to the recorder from here.
     */
    @Override
    void recorded(CallRecording recording, CallRecord record) {
        if (attempt != null) {
            attempt.accept(record);
        } else if (!trigger.recordsOwnCalls()) {
            recording.offer(record);
        }
    }

    @Override
    boolean waitsForVerdict() {
        return true; // a record's retry depends on whose fault it was
    }
}
