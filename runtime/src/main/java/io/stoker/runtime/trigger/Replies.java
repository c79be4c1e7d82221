package io.stoker.runtime.trigger;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The records Stoker writes back to Kafka: the function's reply, and the dead letter of a record that kept failing. */
public final class Replies {

    private static final int MAX_ERROR_TEXT = 1024;

    private Replies() {}

    /** The answer's body, with the record's key, its content type and where it came from. */
    static ProducerRecord<byte[], byte[]> reply(String topic, ConsumerRecord<byte[], byte[]> record, InvokeResult answer) {
        Headers headers = new RecordHeaders();
        source(headers, record);
        answer.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("content-type")) {
                headers.add("content-type", bytes(value));
            }
        });
        return new ProducerRecord<>(topic, null, record.key(), answer.body(), headers);
    }

    /** The ORIGINAL key, value and headers, plus stoker-error, -status, -attempts and the source coordinates. */
    static ProducerRecord<byte[], byte[]> deadLetter(String topic, ConsumerRecord<byte[], byte[]> record,
                                                     InvokeResult last, int attempts) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        // A record given up after platform faults says why in its own words ("record too old: ..."): no call of the
        // function failed it.
        headers.add("stoker-error", bytes(last.fault() == InvokeResult.Fault.PLATFORM ? errorText(last)
                : "HTTP " + last.status() + ": " + errorText(last)));
        headers.add("stoker-status", bytes(Integer.toString(last.status())));
        headers.add("stoker-attempts", bytes(Integer.toString(attempts)));
        source(headers, record);
        return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
    }

    /** The start of the answer's body as text (what the function or the gateway said went wrong). */
    public static String errorText(InvokeResult result) {
        byte[] body = result.body() == null ? new byte[0] : result.body();
        String text = new String(body, 0, Math.min(body.length, MAX_ERROR_TEXT), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return result.fromFunction() ? "the function answered with no body" : "no answer from the function";
        }
        return text;
    }

    private static void source(Headers headers, ConsumerRecord<byte[], byte[]> record) {
        headers.add("stoker-source-topic", bytes(record.topic()));
        headers.add("stoker-source-partition", bytes(Integer.toString(record.partition())));
        headers.add("stoker-source-offset", bytes(Long.toString(record.offset())));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
