package io.stoker.gateway.async;

import io.stoker.gateway.metrics.Trigger;
import java.util.Map;

/**
 * A call to run later.
 *
 * @param function the function's name
 * @param method the HTTP method to call it with
 * @param path the path (and query) on the function, starting with '/'
 * @param headers the request's headers, hop-by-hop ones already removed
 * @param body the request's body
 * @param callbackUrl where to POST the answer when the call ends; null for none
 * @param trigger what the call came from ({@link Trigger#ASYNC} or {@link Trigger#SCHEDULE})
 */
public record AsyncRequest(String function, String method, String path, Map<String, String> headers, byte[] body,
                           String callbackUrl, Trigger trigger) {
}
