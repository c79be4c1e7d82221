package io.stoker.runtime.trigger;

import java.util.Map;
import java.util.Objects;

/**
 * How one call for a record ended.
 *
 * @param status the HTTP status: the function's own, or the gateway's (429 queue full, 502 instance failed,
 *               503 no instance now, 504 timeout, 404 function gone)
 * @param headers the answer's headers
 * @param body the answer's body
 * @param fault whose fault a failure was, which decides whether it uses one of the record's attempts
 */
public record InvokeResult(int status, Map<String, String> headers, byte[] body, Fault fault) {

    /** Who is to blame for a call that did not get the function's own answer. */
    public enum Fault {
        /** The function answered: its status is its own verdict. */
        NONE,
        /** The call failed in a way the record may have caused (it timed out, the connection closed on a running
         * instance): an attempt. */
        CALL,
        /** Every instance is busy and the queue is full: back-pressure, the record waits with no attempt used. */
        SATURATED,
        /** Lost to something outside the record (a kill from outside, an engine restart, no instance before the
         * deadline, a shutdown or update): retried with no attempt used, up to the trigger's {@code maxRecordAge}. */
        PLATFORM,
        /** The instance ended by itself (its process exited, or ran out of memory) while serving only this
         * record: the record killed it, an attempt. */
        CRASH_ALONE,
        /** The instance ended by itself while serving this record and others: any of them may have killed it. The
         * first time, no attempt; from the second crash a record was part of, an attempt each. */
        CRASH_SHARED
    }

    public InvokeResult {
        Objects.requireNonNull(fault, "fault");
    }

    /** An answer of the function itself ({@code fromFunction}), or a failure of the call, blamed on the call. */
    public InvokeResult(int status, Map<String, String> headers, byte[] body, boolean fromFunction) {
        this(status, headers, body, fromFunction ? Fault.NONE : status == 429 ? Fault.SATURATED : Fault.CALL);
    }

    /** Whether the function itself answered. */
    public boolean fromFunction() {
        return fault == Fault.NONE;
    }

    public boolean succeeded() {
        return fault == Fault.NONE && status >= 200 && status < 300;
    }

    /** The pool is saturated: not the record's fault, so it waits rather than using up an attempt. */
    public boolean saturated() {
        return fault == Fault.SATURATED;
    }
}
