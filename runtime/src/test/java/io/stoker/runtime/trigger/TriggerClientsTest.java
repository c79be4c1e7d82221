package io.stoker.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.KafkaTrigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class TriggerClientsTest {

    private static final KafkaTrigger TRIGGER = new KafkaTrigger(List.of("orders"), "/", "", KafkaTrigger.Ordering.KEY,
            4, new KafkaTrigger.Retry(3, Duration.ofMillis(10), Duration.ofMillis(100)), true, "", "",
            KafkaTrigger.From.EARLIEST);

    @Test
    void theTriggerDecidesGroupStartAndCommitsWhateverTheCallerPassed() {
        Map<String, Object> config = TriggerClients.consumer("fn", TRIGGER, Map.of(
                "bootstrap.servers", "127.0.0.1:9092", ConsumerConfig.GROUP_ID_CONFIG, "theirs",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true, ProducerConfig.ACKS_CONFIG, "1"));
        assertThat(config).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "stoker-fn")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKey(ProducerConfig.ACKS_CONFIG);
    }

    @Test
    void theProducerWaitsForAllReplicasAndKeepsOneRequestInFlight() {
        Map<String, Object> config = TriggerClients.producer("fn", Map.of("bootstrap.servers", "127.0.0.1:9092",
                ProducerConfig.ACKS_CONFIG, "0", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ConsumerConfig.GROUP_ID_CONFIG, "theirs"));
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }
}
