package io.stoker.gateway.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.trigger.TriggerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes each trigger's state changes (running, paused, waiting for the broker, stopped) as JSON events on the
 * {@code trigger-status} channel, to the topic {@code stoker.kafka.status-topic}, keyed by trigger, so operators and
 * tools can follow triggers without polling the API. Checked once per tick of the control loop. While the broker is
 * away the events cannot be written, and the ones that do not fit the buffer are dropped: they describe a past
 * state, and the next change is published once it is back.
 */
@ApplicationScoped
public class TriggerStatusEvents {

    private static final Logger LOG = Logger.getLogger(TriggerStatusEvents.class);

    private final TriggerManager triggers;
    private final StokerConfig config;
    private final Emitter<String> emitter;
    private final ObjectMapper json;
    private final StatusChanges changes = new StatusChanges();

    public TriggerStatusEvents(TriggerManager triggers, StokerConfig config, ObjectMapper json,
                               @Channel("trigger-status") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256)
                               Emitter<String> emitter) {
        this.triggers = triggers;
        this.config = config;
        this.emitter = emitter;
        this.json = json;
    }

    /**
     * Publishes the changes since the previous call, stamped {@code at}; called by the control loop's one thread.
     * Nothing with Kafka off (no trigger runs, so the channel's producer is never made).
     */
    public void publishChanges(Instant at) {
        if (!config.kafka().enabled()) {
            return;
        }
        List<TriggerStatus> now = new ArrayList<>();
        triggers.functions().forEach(f -> now.addAll(triggers.status(f)));
        for (StatusChanges.Change change : changes.next(now, at)) {
            LOG.infof("trigger of %s on %s: %s -> %s", change.function(), change.topics(),
                    change.previous() == null ? "new" : change.previous(), change.state());
            publish(change);
        }
    }

    private void publish(StatusChanges.Change change) {
        String text;
        try {
            text = json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Message<String> message = Message.of(text).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(config.kafka().statusTopic()).withKey(change.key()).build());
        try {
            emitter.send(message);
        } catch (RuntimeException e) { // buffer full while the broker is away
            LOG.debugf("trigger status event of %s dropped: %s", change.function(), e);
        }
    }
}
