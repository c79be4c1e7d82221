package io.stoker.gateway.records;

import io.stoker.gateway.metrics.Trigger;
import java.util.Map;

/**
 * What happened to one call. Times are epoch microseconds (0: did not happen), so that making a record costs no
 * {@code Instant}; the store turns them into timestamps.
 *
 * @param id the call's id (an async call's {@code X-Call-Id}, else the invocation id the function saw)
 * @param function the function's name
 * @param specHash the hash of the spec (the version) that served it; null if it never reached one
 * @param trigger what the call came from
 * @param status how it ended
 * @param httpStatus the status the caller got (the function's own, or the gateway's); 0 if none
 * @param arrivalMicros when the call arrived (an async call: when it was accepted)
 * @param startMicros when it was sent to an instance; 0 if never
 * @param endMicros when it ended
 * @param queueWaitMicros how long it waited for an instance
 * @param startKind how its instance came to serve it
 * @param startTookMicros how long that start took (0 for a warm instance)
 * @param instanceId the container (or pod) that served it; null if none
 * @param attempts how many times it was sent (1 for a call that is not retried)
 * @param error why it failed, for a person; null on success
 * @param resultHeaders the answer's headers, kept for async calls only (else empty)
 * @param resultBody the answer's body, kept for async calls only and bounded (else null)
 */
public record CallRecord(String id, String function, String specHash, Trigger trigger, CallStatus status,
                         int httpStatus, long arrivalMicros, long startMicros, long endMicros, long queueWaitMicros,
                         StartKind startKind, long startTookMicros, String instanceId, int attempts, String error,
                         Map<String, String> resultHeaders, byte[] resultBody) {
}
