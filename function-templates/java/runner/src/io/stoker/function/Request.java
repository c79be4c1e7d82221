package io.stoker.function;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP call as the function sees it.
 *
 * @param method HTTP method, upper case
 * @param path the path after {@code /function/<name>} (at least "/")
 * @param query the raw query string without '?', or "" when there is none
 * @param headers request headers; names are lower case
 * @param body the request body (empty array when there is none)
 */
public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
