package io.stoker.runtime.trigger;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The HTTP headers of a record's call, in CloudEvents binary mode.
 * <ul>
 * <li>A record that is a CloudEvent in Kafka binary mode (it has a {@code ce_specversion} header) is read with the
 * CloudEvents Kafka reader and keeps its own id, source, type, time and extensions.</li>
 * <li>Any other record gets {@code ce-specversion: 1.0}, {@code ce-id: <topic>-<partition>-<offset>},
 * {@code ce-source: kafka://<topic>}, {@code ce-type: io.stoker.kafka.record} and {@code ce-time} from the record's
 * timestamp; its {@code ce_*} headers, if any, carry over as {@code ce-*} and win over these defaults.</li>
 * <li>Always: extensions {@code ce-kafkatopic}, {@code ce-kafkapartition}, {@code ce-kafkaoffset}, and
 * {@code ce-kafkakey} when the record has a key: the key as text when it is UTF-8, else base64 with
 * {@code ce-kafkakeyencoding: base64}.</li>
 * <li>{@code Content-Type} from the record's {@code content-type} header, else application/octet-stream. A record
 * that is a structured-mode CloudEvent thus reaches the function as a structured-mode HTTP CloudEvent.</li>
 * </ul>
 * Values outside printable ASCII, and '%', are percent-encoded as the CloudEvents HTTP binding asks.
 */
final class CloudEventHeaders {

    static final String TYPE = "io.stoker.kafka.record";
    static final String CONTENT_TYPE = "Content-Type";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private CloudEventHeaders() {}

    static Map<String, String> of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (record.headers().lastHeader("ce_specversion") == null || !fromCloudEvent(record, headers)) {
            plain(record, headers);
        }
        headers.put("ce-kafkatopic", record.topic());
        headers.put("ce-kafkapartition", Integer.toString(record.partition()));
        headers.put("ce-kafkaoffset", Long.toString(record.offset()));
        if (record.key() != null) {
            String key = utf8(record.key());
            if (key == null) {
                headers.put("ce-kafkakey", Base64.getEncoder().encodeToString(record.key()));
                headers.put("ce-kafkakeyencoding", "base64");
            } else {
                headers.put("ce-kafkakey", key);
            }
        }
        headers.replaceAll((name, value) -> name.startsWith("ce-") ? percentEncode(value) : value);
        headers.putIfAbsent(CONTENT_TYPE, DEFAULT_CONTENT_TYPE);
        return headers;
    }

    /** False when the record claims to be a CloudEvent but is not a valid one: it is then sent as a plain record. */
    private static boolean fromCloudEvent(ConsumerRecord<byte[], byte[]> record, Map<String, String> headers) {
        try {
            CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
            HttpMessageFactory.createWriter(headers::put, body -> { }).writeBinary(event);
            return true;
        } catch (CloudEventRWException | IllegalArgumentException | IllegalStateException e) {
            headers.clear();
            return false;
        }
    }

    private static void plain(ConsumerRecord<byte[], byte[]> record, Map<String, String> headers) {
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", record.topic() + "-" + record.partition() + "-" + record.offset());
        headers.put("ce-source", "kafka://" + record.topic());
        headers.put("ce-type", TYPE);
        if (record.timestamp() != RecordBatch.NO_TIMESTAMP) {
            headers.put("ce-time", DateTimeFormatter.ISO_INSTANT.format(
                    Instant.ofEpochMilli(record.timestamp()).atOffset(ZoneOffset.UTC)));
        }
        for (Header h : record.headers()) {
            String name = h.key().toLowerCase(Locale.ROOT);
            if (h.value() == null) {
                continue;
            }
            if (name.startsWith("ce_") && name.length() > 3) {
                headers.put("ce-" + name.substring(3), new String(h.value(), StandardCharsets.UTF_8));
            } else if (name.equals("content-type")) {
                headers.put(CONTENT_TYPE, new String(h.value(), StandardCharsets.UTF_8));
            }
        }
    }

    /** The bytes as text, or null when they are not valid UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Percent-encodes (as UTF-8) every character outside printable ASCII, and '%' itself. */
    static String percentEncode(String value) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c >= 0x20 && c < 0x7f && c != '%';
        }
        if (plain) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
