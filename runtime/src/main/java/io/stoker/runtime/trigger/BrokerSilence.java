package io.stoker.runtime.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Whether the broker is gone, as the poll loop reports it: no connection at all ({@link BrokerConnections#lost}), or
 * nothing received from any broker for {@link #QUIET}. The second is needed because a consumer that keeps trying to
 * reconnect counts the connection it is opening, so the connection count alone can stay above 0 for as long as the
 * broker is away (seen: 20 s of RUNNING). A live broker answers a consumer's fetches at least every
 * {@code fetch.max.wait.ms} (500 ms) and its heartbeats every {@code heartbeat.interval.ms} (3 s), even with every
 * partition paused, so 6 s without a byte means none is there. Used on the poll thread only.
 */
final class BrokerSilence {

    static final Duration QUIET = Duration.ofSeconds(6);

    private double lastBytes = Double.NaN;
    private Instant changedAt;

    boolean lost(Consumer<?, ?> consumer, Instant now) {
        if (BrokerConnections.lost(consumer)) {
            return true;
        }
        OptionalDouble bytes = BrokerConnections.bytesReceived(consumer);
        if (bytes.isEmpty()) {
            return false; // a consumer without network metrics (a MockConsumer)
        }
        if (changedAt == null || bytes.getAsDouble() != lastBytes) {
            lastBytes = bytes.getAsDouble();
            changedAt = now;
            return false;
        }
        return !now.isBefore(changedAt.plus(QUIET));
    }
}
