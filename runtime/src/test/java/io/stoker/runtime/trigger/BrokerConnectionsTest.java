package io.stoker.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class BrokerConnectionsTest {

    @Test
    void noOpenConnectionMeansTheBrokerIsLost() {
        assertThat(BrokerConnections.lost(consumerWith("consumer-metrics", 0.0))).isTrue();
    }

    @Test
    void anOpenConnectionMeansItIsNot() {
        assertThat(BrokerConnections.lost(consumerWith("consumer-metrics", 2.0))).isFalse();
    }

    @Test
    void theSameNameInAnotherGroupIsIgnored() {
        assertThat(BrokerConnections.lost(consumerWith("consumer-node-metrics", 0.0))).isFalse();
    }

    @Test
    void aConsumerWithoutTheMetricCountsAsConnected() {
        assertThat(BrokerConnections.lost(new MockConsumer<byte[], byte[]>("earliest"))).isFalse();
    }

    private static MockConsumer<byte[], byte[]> consumerWith(String group, double connections) {
        MetricName name = new MetricName("connection-count", group, "open connections", Map.of("client-id", "c1"));
        Metric metric = new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return connections;
            }
        };
        return new MockConsumer<>("earliest") {
            @Override
            public synchronized Map<MetricName, ? extends Metric> metrics() {
                return Map.of(name, metric);
            }
        };
    }
}
