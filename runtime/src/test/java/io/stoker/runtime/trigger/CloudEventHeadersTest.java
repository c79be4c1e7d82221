package io.stoker.runtime.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("orders", 3, 42, 1_735_689_600_123L, TimestampType.CREATE_TIME, -1, -1, key,
                "{}".getBytes(StandardCharsets.UTF_8), h, Optional.empty());
    }

    @Test
    void aPlainRecordBecomesABinaryModeCloudEvent() {
        Map<String, String> h = CloudEventHeaders.of(record("k-1".getBytes(StandardCharsets.UTF_8),
                "content-type", "application/json", "ce_subject", "order 7"));
        assertThat(h).containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-id", "orders-3-42")
                .containsEntry("ce-source", "kafka://orders")
                .containsEntry("ce-type", "io.stoker.kafka.record")
                .containsEntry("ce-time", "2025-01-01T00:00:00.123Z")
                .containsEntry("ce-subject", "order 7")
                .containsEntry("ce-kafkakey", "k-1")
                .containsEntry("ce-kafkatopic", "orders")
                .containsEntry("ce-kafkapartition", "3")
                .containsEntry("ce-kafkaoffset", "42")
                .containsEntry("Content-Type", "application/json")
                .doesNotContainKey("ce-kafkakeyencoding");
    }

    @Test
    void aRecordThatIsACloudEventKeepsItsIdSourceAndType() {
        Map<String, String> h = CloudEventHeaders.of(record(null, "ce_specversion", "1.0", "ce_id", "evt-9",
                "ce_source", "/shop", "ce_type", "com.example.ordered", "ce_myext", "x", "content-type", "text/plain"));
        assertThat(h).containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-id", "evt-9")
                .containsEntry("ce-source", "/shop")
                .containsEntry("ce-type", "com.example.ordered")
                .containsEntry("ce-myext", "x")
                .containsEntry("ce-kafkaoffset", "42")
                .containsEntry("Content-Type", "text/plain")
                .doesNotContainKey("ce-kafkakey");
    }

    @Test
    void anInvalidCloudEventIsSentAsAPlainRecord() {
        Map<String, String> h = CloudEventHeaders.of(record(null, "ce_specversion", "9.9", "ce_id", "evt-9"));
        assertThat(h).containsEntry("ce-specversion", "9.9").containsEntry("ce-id", "evt-9")
                .containsEntry("ce-source", "kafka://orders")
                .containsEntry("Content-Type", "application/octet-stream");
    }

    @Test
    void aBinaryKeyIsBase64AndTextIsPercentEncoded() {
        Map<String, String> h = CloudEventHeaders.of(record(new byte[] {(byte) 0xff, 0x00, 0x41}));
        assertThat(h).containsEntry("ce-kafkakey", "/wBB").containsEntry("ce-kafkakeyencoding", "base64");
        Map<String, String> utf = CloudEventHeaders.of(record("é 100%".getBytes(StandardCharsets.UTF_8)));
        assertThat(utf).containsEntry("ce-kafkakey", "%C3%A9 100%25");
    }
}
