package io.stoker.gateway.call;

import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecord;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One buffered call on the call path ({@link CallPath#call}): {@code method} on {@code path} of {@code function}, with
 * {@code headers} and {@code body}, for at most {@code timeout}.
 *
 * @param attempt who takes the call's record, for a trigger that records its calls itself (async calls and schedule
 *     ticks: one record per call id, with its attempts); null for the recorder. Such triggers' calls never go to the
 *     recorder ({@link Trigger#recordsOwnCalls}), with or without it.
 */
public record CallRequest(Trigger trigger, String method, String function, String path, Map<String, String> headers,
                          byte[] body, Duration timeout, Consumer<CallRecord> attempt) {

    /** A POST, recorded by the recorder unless its trigger records its own calls. */
    public static CallRequest post(Trigger trigger, String function, String path, Map<String, String> headers,
                                   byte[] body, Duration timeout) {
        return new CallRequest(trigger, "POST", function, path, headers, body, timeout, null);
    }

    /** This call, its record handed to {@code attempt}. */
    public CallRequest recordedBy(Consumer<CallRecord> attempt) {
        return new CallRequest(trigger, method, function, path, headers, body, timeout, attempt);
    }
}
