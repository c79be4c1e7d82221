package io.stoker.runtime.trigger;

import java.util.Map;

/**
 * How one call for a record ended.
 *
 * @param status the HTTP status: the function's own, or the gateway's (429 queue full, 502 instance failed,
 *               504 timeout, 404 function gone)
 * @param headers the answer's headers
 * @param body the answer's body
 * @param fromFunction true when the function itself answered (false: Stoker answered for it)
 */
public record InvokeResult(int status, Map<String, String> headers, byte[] body, boolean fromFunction) {

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** The pool is saturated: not the record's fault, so it waits rather than using up an attempt. */
    public boolean saturated() {
        return !fromFunction && status == 429;
    }
}
