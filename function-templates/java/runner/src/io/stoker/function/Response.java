package io.stoker.function;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a function answers.
 *
 * @param status HTTP status code
 * @param headers response headers (Content-Length is set by the runner)
 * @param body response body
 */
public record Response(int status, Map<String, String> headers, byte[] body) {

    public Response {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A UTF-8 text answer. */
    public static Response text(int status, String text) {
        return new Response(status, Map.of("Content-Type", "text/plain; charset=utf-8"), utf8(text));
    }

    /** A JSON answer from an already serialised JSON string. */
    public static Response json(int status, String json) {
        return new Response(status, Map.of("Content-Type", "application/json"), utf8(json));
    }

    /** Same answer with one more header (replacing one of the same name). */
    public Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, h, body);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
