package io.stoker.runtime.trigger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Reads from a consumer's own metrics whether it has lost every broker connection. */
final class BrokerConnections {

    private BrokerConnections() {}

    /**
     * True when the consumer reports zero open connections. A consumer that reports no such metric (a MockConsumer)
     * counts as connected: the poll loop only learns of a lost broker this way, never of a found one.
     */
    static boolean lost(Consumer<?, ?> consumer) {
        for (var e : consumer.metrics().entrySet()) {
            MetricName name = e.getKey();
            if ("connection-count".equals(name.name()) && "consumer-metrics".equals(name.group())) {
                Metric metric = e.getValue();
                return metric.metricValue() instanceof Number n && n.doubleValue() < 0.5;
            }
        }
        return false;
    }

    /** Bytes the consumer has received from every broker so far, or empty when it reports no such metric. */
    static java.util.OptionalDouble bytesReceived(Consumer<?, ?> consumer) {
        for (var e : consumer.metrics().entrySet()) {
            MetricName name = e.getKey();
            if ("incoming-byte-total".equals(name.name()) && "consumer-metrics".equals(name.group())
                    && e.getValue().metricValue() instanceof Number n) {
                return java.util.OptionalDouble.of(n.doubleValue());
            }
        }
        return java.util.OptionalDouble.empty();
    }
}
