package io.stoker.gateway.async;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stoker.gateway.call.CallError;
import io.stoker.gateway.call.CallFailure;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecorder;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.StartKind;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Accepts async calls by writing them to the async topic ({@code acks=all}, see application.properties) through
 * the {@code async-out} channel; the stage completes with the call id only once the broker acknowledged the write.
 * No such function, async calls off, or a write that fails (a broker away: {@code max.block.ms},
 * {@code delivery.timeout.ms}) fail the stage with {@link AsyncRejected}, so nothing is reported accepted that is not
 * durable. Also writes the dead letters of calls that used up their attempts.
 */
@ApplicationScoped
public class KafkaAsyncCalls implements AsyncCalls {

    /** Past the producer's own bounds (max.block.ms + delivery.timeout.ms): a guard, never the usual way to fail. */
    private static final long GUARD_MS = 30_000;

    private final FunctionRegistry registry;
    private final StokerConfig config;
    private final Emitter<byte[]> out;
    private final AsyncTopics topics;
    private final CallRecorder recorder;
    private final Clock clock;

    public KafkaAsyncCalls(FunctionRegistry registry, StokerConfig config, AsyncTopics topics, CallRecorder recorder,
                           Clock clock,
                           @Channel("async-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                           Emitter<byte[]> out) {
        this.registry = registry;
        this.config = config;
        this.topics = topics;
        this.recorder = recorder;
        this.clock = clock;
        this.out = out;
    }

    @Override
    public CompletionStage<String> submit(AsyncRequest request) {
        DeployedFunction fn = registry.lookup(request.function());
        if (fn == null) {
            return CompletableFuture.failedFuture(new AsyncRejected(CallError.missing(registry, request.function())));
        }
        if (!config.async().enabled()) {
            return CompletableFuture.failedFuture(new AsyncRejected(new CallError(CallFailure.BROKER_AWAY,
                    "async calls are off in this gateway (stoker.async.enabled=false)")));
        }
        AsyncEnvelope call = new AsyncEnvelope(UUID.randomUUID().toString(), request, micros());
        // Offered before the write: once written, a consumer may offer RUNNING at once, and the store keeps the last
        // record offered. A write that fails replaces it with a REJECTED one that says why.
        recorder.offer(record(call, fn, CallStatus.ACCEPTED, null));
        return topics.ensure()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(brokerAway(e)))
                .thenCompose(v -> write(config.async().topic(), call.id(), call.headers(), request.body()))
                .handle((v, e) -> {
                    if (e != null) {
                        AsyncRejected why = e instanceof AsyncRejected r ? r
                                : e.getCause() instanceof AsyncRejected r ? r : brokerAway(e);
                        recorder.offer(record(call, fn, CallStatus.REJECTED, why.getMessage()));
                        throw why;
                    }
                    return call.id();
                });
    }

    /** Writes a dead letter: the original request with why it was given up; completes once the broker has it. */
    CompletionStage<Void> deadLetter(AsyncEnvelope call, Map<String, String> why) {
        Headers headers = call.headers();
        why.forEach((k, v) -> headers.add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return write(config.async().deadLetterTopic(), call.id(), headers, call.request().body());
    }

    private CompletableFuture<Void> write(String topic, String key, Headers headers, byte[] value) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(key).withHeaders(headers).build();
        Message<byte[]> message = Message.of(value, Metadata.of(meta),
                () -> {
                    durable.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                e -> {
                    durable.completeExceptionally(brokerAway(e));
                    return CompletableFuture.completedFuture(null);
                });
        try {
            out.send(message);
        } catch (RuntimeException e) { // the buffer is full: the broker has been away for a while
            durable.completeExceptionally(brokerAway(e));
        }
        return durable.orTimeout(GUARD_MS, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        e instanceof AsyncRejected ? e : e.getCause() instanceof AsyncRejected ? e.getCause() : brokerAway(e)));
    }

    private AsyncRejected brokerAway(Throwable e) {
        return new AsyncRejected(new CallError(CallFailure.BROKER_AWAY, "the call could not be made durable: the Kafka"
                + " broker at " + config.kafka().bootstrapServers() + " did not take it (" + e
                + "); nothing was accepted, retry later"));
    }

    private CallRecord record(AsyncEnvelope call, DeployedFunction fn, CallStatus status, String error) {
        AsyncRequest r = call.request();
        return new CallRecord(call.id(), r.function(), fn.specHash(), r.trigger(), status,
                status == CallStatus.REJECTED ? 503 : 0, call.acceptedMicros(), 0,
                status == CallStatus.REJECTED ? micros() : 0, 0, StartKind.NONE, 0, null, 0, error, Map.of(), null);
    }

    private long micros() {
        return AsyncEnvelope.micros(clock);
    }
}
