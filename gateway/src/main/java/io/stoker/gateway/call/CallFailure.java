package io.stoker.gateway.call;

import io.stoker.gateway.metrics.Outcome;
import io.stoker.runtime.trigger.InvokeResult.Fault;

/**
 * Every way a call can end without the function's own answer, told apart by what happened (never by an exception's
 * message): the status and error code a caller sees, the metrics outcome, and whose fault it is for a trigger that
 * retries ({@link Fault}; an instance's loss refines it, see {@link CallError#lost}).
 */
public enum CallFailure {
    /** No such function. */
    NOT_DEPLOYED(404, "function_not_found", Outcome.REJECTED, Fault.CALL),
    /** The functions are not restored yet: the engine has not answered since the gateway started. */
    ENGINE_AWAY(503, "engine_unavailable", Outcome.REJECTED, Fault.PLATFORM),
    /** An async call could not be made durable: the Kafka broker is away, or async calls are off. */
    BROKER_AWAY(503, "broker_unavailable", Outcome.REJECTED, Fault.PLATFORM),
    /** More calls than the function's {@code limits.rate} allows (HTTP only). */
    RATE_LIMITED(429, "rate_limited", Outcome.RATE_LIMITED, Fault.SATURATED),
    /** Every instance is busy and the wait queue is full. */
    QUEUE_FULL(429, "queue_full", Outcome.REJECTED, Fault.SATURATED),
    /** No instance was free before the call's deadline. */
    NO_INSTANCE_IN_TIME(504, "timeout", Outcome.TIMEOUT, Fault.PLATFORM),
    /** No instance could start. */
    LAUNCH_FAILED(502, "instance_failed", Outcome.INSTANCE_FAILED, Fault.PLATFORM),
    /** The function was deleted, or the gateway is stopping, while the call waited. */
    REPLACED(503, "function_replaced", Outcome.REJECTED, Fault.PLATFORM),
    /** The function did not answer before the deadline. */
    TIMEOUT(504, "timeout", Outcome.TIMEOUT, Fault.CALL),
    /** No connection to the instance could be made (nothing was sent), even after waiting for another one. */
    UNREACHABLE(502, "instance_unreachable", Outcome.INSTANCE_FAILED, Fault.PLATFORM),
    /** The instance stopped while it served the call (the engine says so). */
    INSTANCE_LOST(502, "instance_failed", Outcome.INSTANCE_FAILED, Fault.PLATFORM),
    /** The connection closed without a whole answer while the instance still runs. */
    CONNECTION_CLOSED(502, "instance_failed", Outcome.INSTANCE_FAILED, Fault.CALL),
    /** The request body is larger than the limit. */
    BODY_TOO_LARGE(413, "body_too_large", Outcome.REJECTED, Fault.CALL),
    /** The function needs a token ({@code auth: token}) and the call had no valid one. */
    UNAUTHORIZED(401, "unauthorized", Outcome.REJECTED, Fault.CALL),
    /** The call's token is valid but not for invoking this function. */
    FORBIDDEN(403, "forbidden", Outcome.REJECTED, Fault.CALL),
    /** The request could not be read. */
    BAD_REQUEST(400, "bad_request", Outcome.REJECTED, Fault.CALL),
    /** The caller left before the answer: nobody is told. */
    CANCELLED(499, "cancelled", Outcome.CANCELLED, Fault.PLATFORM),
    /** A failure of the gateway itself. */
    INTERNAL(500, "internal_error", Outcome.REJECTED, Fault.CALL);

    private final int status;
    private final String code;
    private final Outcome outcome;
    private final Fault fault;

    CallFailure(int status, String code, Outcome outcome, Fault fault) {
        this.status = status;
        this.code = code;
        this.outcome = outcome;
        this.fault = fault;
    }

    public int status() {
        return status;
    }

    /** The {@code error} field of the JSON body an HTTP caller gets. */
    public String code() {
        return code;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Whose fault it is when nothing more is known (an instance's loss may say more). */
    public Fault fault() {
        return fault;
    }
}
