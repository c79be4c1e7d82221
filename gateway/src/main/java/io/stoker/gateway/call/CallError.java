package io.stoker.gateway.call;

import io.stoker.runtime.pool.DeadlineExceededException;
import io.stoker.runtime.pool.InstanceLoss;
import io.stoker.runtime.pool.LaunchFailedException;
import io.stoker.runtime.pool.PoolClosedException;
import io.stoker.runtime.pool.QueueFullException;
import io.stoker.runtime.trigger.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Why a call ended without the function's answer: what happened, for whom it is a fault, and a message that says what
 * to do next.
 */
public record CallError(CallFailure failure, InvokeResult.Fault fault, String message) {

    public CallError(CallFailure failure, String message) {
        this(failure, failure.fault(), message);
    }

    public int status() {
        return failure.status();
    }

    /**
     * No serving version of {@code name}: not deployed, or not known yet because the engine has not answered since the
     * gateway started. The one rule for every trigger.
     */
    public static CallError missing(io.stoker.gateway.registry.FunctionLookup registry, String name) {
        return registry.restored()
                ? new CallError(CallFailure.NOT_DEPLOYED, "no function named '" + name
                        + "' is deployed (see GET /v1/functions)")
                : new CallError(CallFailure.ENGINE_AWAY,
                        io.stoker.gateway.registry.FunctionRegistry.WAITING_FOR_ENGINE);
    }

    /** Why the pool gave no lease (its exceptions are typed; anything else is the gateway's own failure). */
    static CallError fromPool(String function, Throwable cause) {
        if (cause instanceof QueueFullException) {
            return new CallError(CallFailure.QUEUE_FULL, "every instance of '" + function
                    + "' is busy and its wait queue is full; retry later: " + cause.getMessage());
        }
        if (cause instanceof DeadlineExceededException e) {
            return new CallError(CallFailure.NO_INSTANCE_IN_TIME, "no instance of '" + function
                    + "' was free within the function's timeout"
                    + (e.lastLaunchError() == null ? "" : "; the last launch failed: " + e.lastLaunchError()));
        }
        if (cause instanceof LaunchFailedException) {
            return new CallError(CallFailure.LAUNCH_FAILED, "no instance of '" + function + "' could start: "
                    + cause.getMessage());
        }
        if (cause instanceof PoolClosedException) {
            return new CallError(CallFailure.REPLACED, "function '" + function
                    + "' was deleted, or the gateway is stopping, while this call waited; retry");
        }
        return new CallError(CallFailure.INTERNAL, "the gateway failed: " + cause);
    }

    /**
     * The call's instance was lost: a platform fault (a kill from outside, the engine gone), or a crash this call
     * alone, or with others, may have caused.
     */
    static CallError lost(String function, InstanceLoss loss) {
        InvokeResult.Fault fault = loss.platformFault() ? InvokeResult.Fault.PLATFORM
                : loss.soleCall() ? InvokeResult.Fault.CRASH_ALONE : InvokeResult.Fault.CRASH_SHARED;
        return new CallError(CallFailure.INSTANCE_LOST, fault, "the instance of '" + function
                + "' serving this call stopped (" + loss.cause().name().toLowerCase(Locale.ROOT) + ", "
                + loss.callsInFlight() + " calls in flight); see 'stoker logs " + function + "'");
    }

    /** The same failure as a record's result: a plain-text body. */
    InvokeResult asResult() {
        return new InvokeResult(status(), Map.of("content-type", "text/plain"),
                message.getBytes(StandardCharsets.UTF_8), fault);
    }
}
