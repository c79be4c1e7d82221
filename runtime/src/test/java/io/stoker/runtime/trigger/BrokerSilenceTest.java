package io.stoker.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class BrokerSilenceTest {

    private double connections = 1;
    private double bytes = 100;
    private final BrokerSilence silence = new BrokerSilence();
    private final Instant t0 = Instant.parse("2026-12-02T00:00:00Z");

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized Map<MetricName, ? extends Metric> metrics() {
            return Map.of(name("connection-count"), metric(name("connection-count"), () -> connections),
                    name("incoming-byte-total"), metric(name("incoming-byte-total"), () -> bytes));
        }
    };

    private static MetricName name(String name) {
        return new MetricName(name, "consumer-metrics", "", Map.of("client-id", "c1"));
    }

    private static Metric metric(MetricName name, java.util.function.DoubleSupplier value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value.getAsDouble();
            }
        };
    }

    @Test
    void bytesArrivingMeanTheBrokerIsThere() {
        for (int s = 0; s < 60; s++) {
            bytes += 50; // fetch answers and heartbeats
            assertThat(silence.lost(consumer, t0.plusSeconds(s))).isFalse();
        }
    }

    @Test
    void aConnectionBeingOpenedAgainAndAgainWithNothingReceivedIsLostAfterTheQuietSpell() {
        assertThat(silence.lost(consumer, t0)).isFalse();
        assertThat(silence.lost(consumer, t0.plus(BrokerSilence.QUIET).minusMillis(1))).isFalse();
        assertThat(silence.lost(consumer, t0.plus(BrokerSilence.QUIET))).isTrue();
        bytes += 1; // the broker is back
        assertThat(silence.lost(consumer, t0.plus(BrokerSilence.QUIET).plusSeconds(1))).isFalse();
    }

    @Test
    void noConnectionAtAllIsLostAtOnce() {
        connections = 0;
        assertThat(silence.lost(consumer, t0)).isTrue();
    }

    @Test
    void aConsumerWithoutNetworkMetricsCountsAsConnected() {
        assertThat(silence.lost(new MockConsumer<byte[], byte[]>("earliest"), t0.plus(Duration.ofHours(1)))).isFalse();
    }
}
