package io.stoker.gateway.async;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.stoker.gateway.call.CallPath;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.records.CallRecorder;
import io.stoker.gateway.registry.FunctionRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Runs the async calls of the {@code async-calls} channel (the async topic, shared by every gateway through one
 * consumer group). Acknowledgement is manual: a call's message is acknowledged only when its run has ended and its
 * final record is offered, and the throttled commit strategy commits an offset only once every earlier one of its
 * partition is acknowledged, so a gateway killed mid-call leaves it to be run again (at least once).
 *
 * <p>Up to {@code stoker.async.concurrency} calls run at once: the stage this method returns completes when the
 * call has a slot, not when it ends, so SmallRye delivers the next message meanwhile and, when every slot is taken,
 * pauses the partitions while it keeps polling. That keeps {@code max.poll.interval.ms} from ever passing however
 * long a call takes, and the unprocessed-record age check is off (application.properties), so a slow call is neither
 * delivered again nor fails the channel. A message whose call is already running here (delivered again after a
 * rebalance) is acknowledged together with that run instead of running twice.
 */
@ApplicationScoped
public class AsyncConsumer {

    private static final Logger LOG = Logger.getLogger(AsyncConsumer.class);

    final FunctionRegistry registry;
    final CallPath calls;
    final CallRecorder recorder;
    final CallbackSender callbacks;
    final AsyncMeters meters;
    final KafkaAsyncCalls async;
    final Vertx vertx;
    private final Clock clock;
    private final int slots;
    private int busy;
    private CompletableFuture<Void> waiting;
    /** Call id → the messages to acknowledge when its run ends (more than one after a redelivery). */
    private final Map<String, List<Message<?>>> running = new HashMap<>();

    public AsyncConsumer(FunctionRegistry registry, CallPath calls, CallRecorder recorder, CallbackSender callbacks,
                         AsyncMeters meters, KafkaAsyncCalls async, Vertx vertx, Clock clock, StokerConfig config) {
        this.registry = registry;
        this.calls = calls;
        this.recorder = recorder;
        this.callbacks = callbacks;
        this.meters = meters;
        this.async = async;
        this.vertx = vertx;
        this.clock = clock;
        this.slots = Math.max(1, config.async().concurrency());
    }

    @Incoming("async-calls")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        AsyncEnvelope call;
        try {
            var meta = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            call = AsyncEnvelope.of(meta.getHeaders() == null ? new RecordHeaders() : meta.getHeaders(),
                    message.getPayload());
        } catch (RuntimeException e) {
            LOG.warnf("a record on the async topic is not an async call, skipped: %s", e.getMessage());
            return message.ack();
        }
        CompletableFuture<Void> slot;
        synchronized (this) {
            List<Message<?>> same = running.get(call.id());
            if (same != null) {
                LOG.infof("async call %s delivered again while it runs here: acknowledged with that run", call.id());
                same.add(message);
                return CompletableFuture.completedFuture(null);
            }
            List<Message<?>> toAck = new ArrayList<>();
            toAck.add(message);
            running.put(call.id(), toAck);
            busy++;
            meters.taken();
            if (busy < slots) {
                slot = CompletableFuture.completedFuture(null);
            } else {
                waiting = new CompletableFuture<>();
                slot = waiting;
            }
        }
        new AsyncRun(this, call, () -> ended(call.id())).start();
        return slot;
    }

    private void ended(String id) {
        List<Message<?>> toAck;
        CompletableFuture<Void> free = null;
        synchronized (this) {
            toAck = running.remove(id);
            busy--;
            if (waiting != null && busy < slots) {
                free = waiting;
                waiting = null;
            }
        }
        if (toAck != null) {
            toAck.forEach(Message::ack);
        }
        if (free != null) {
            free.complete(null);
        }
    }

    long micros() {
        return AsyncEnvelope.micros(clock);
    }
}
