package io.stoker.gateway.async;

import io.stoker.gateway.metrics.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An accepted async call as it lies on the topic: the key is the call id, the value the request's body as it came,
 * and Kafka headers carry the rest (function, method, path, callback, when it was accepted, and each request header
 * as {@code h:<name>}), so a dead letter is the original request with the reason added.
 *
 * @param id the call's id ({@code X-Call-Id})
 * @param acceptedMicros when it was made durable, epoch microseconds
 */
public record AsyncEnvelope(String id, AsyncRequest request, long acceptedMicros) {

    static final String ID = "stoker-call-id";
    static final String FUNCTION = "stoker-function";
    static final String METHOD = "stoker-method";
    static final String PATH = "stoker-path";
    static final String CALLBACK = "stoker-callback-url";
    static final String TRIGGER = "stoker-trigger";
    static final String ACCEPTED = "stoker-accepted-us";
    static final String HEADER = "h:";

    /** Now in epoch microseconds, as records keep times. */
    static long micros(java.time.Clock clock) {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    public Headers headers() {
        Headers out = new RecordHeaders();
        add(out, ID, id);
        add(out, FUNCTION, request.function());
        add(out, METHOD, request.method());
        add(out, PATH, request.path());
        add(out, TRIGGER, request.trigger().name());
        add(out, ACCEPTED, Long.toString(acceptedMicros));
        if (request.callbackUrl() != null) {
            add(out, CALLBACK, request.callbackUrl());
        }
        request.headers().forEach((name, value) -> add(out, HEADER + name, value));
        return out;
    }

    /** Reads a call back from its record; throws {@link IllegalArgumentException} for a record that is not one. */
    public static AsyncEnvelope of(Headers headers, byte[] value) {
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        for (Header h : headers) {
            if (h.key().startsWith(HEADER) && h.value() != null) {
                requestHeaders.put(h.key().substring(HEADER.length()), text(h.value()));
            }
        }
        String trigger = required(headers, TRIGGER);
        Trigger t;
        try {
            t = Trigger.valueOf(trigger);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown trigger '" + trigger + "'");
        }
        long accepted;
        try {
            accepted = Long.parseLong(required(headers, ACCEPTED));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ACCEPTED + " is not a number");
        }
        AsyncRequest request = new AsyncRequest(required(headers, FUNCTION), required(headers, METHOD),
                required(headers, PATH), requestHeaders, value == null ? new byte[0] : value,
                optional(headers, CALLBACK), t);
        return new AsyncEnvelope(required(headers, ID), request, accepted);
    }

    private static String required(Headers headers, String name) {
        String v = optional(headers, name);
        if (v == null) {
            throw new IllegalArgumentException("no " + name + " header");
        }
        return v;
    }

    private static String optional(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : text(h.value());
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
