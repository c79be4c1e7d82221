package io.stoker.gateway.call;

import io.stoker.gateway.metrics.Outcome;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallIds;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecorder;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.EpochMicros;
import io.stoker.gateway.records.StartKind;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.pool.InstanceStart;
import io.stoker.runtime.pool.Lease;
import java.util.Map;

/**
 * Makes a call's record at its end, from what the call holds anyway (its nanoTime readings, its last lease), and
 * hands it on; present on the call path only while records are on. Costs one nanoTime at the lease, one at the end,
 * and the record itself: no {@code Instant}, no map.
 */
final class CallRecording {

    private final CallRecorder recorder;
    private final EpochMicros micros;
    private final CallIds ids;

    CallRecording(CallRecorder recorder, EpochMicros micros, CallIds ids) {
        this.recorder = recorder;
        this.micros = micros;
        this.ids = ids;
    }

    /** The record of a call that ended now, as {@code status}. */
    CallRecord of(UpstreamCall call, CallStatus status, int httpStatus, String error) {
        long end = System.nanoTime();
        Lease served = call.served;
        StartKind kind = StartKind.NONE;
        long took = 0;
        if (served != null) {
            InstanceStart start = served.lastStart();
            // Ready after the call arrived: the call waited for this start.
            if (start != null && start.readyNanos() - call.startNanos > 0) {
                kind = start.kind() == io.stoker.runtime.pool.StartKind.RESUME ? StartKind.RESUME : StartKind.COLD;
                took = start.tookNanos() / 1000;
            } else {
                kind = StartKind.WARM;
            }
        }
        // One conversion; the other times are offsets from it, so they agree to the microsecond.
        long arrival = micros.of(call.startNanos);
        long waited = ((served == null ? end : call.leasedNanos) - call.startNanos) / 1000;
        return new CallRecord(call.invocationId, call.fn.name(), call.fn.specHash(), call.trigger(), status, httpStatus,
                arrival, served == null ? 0 : arrival + waited, arrival + (end - call.startNanos) / 1000, waited, kind,
                took, served == null ? null : served.instanceId(), 1, error, Map.of(), null);
    }

    void offer(CallRecord record) {
        recorder.offer(record);
    }

    /** A call turned away before it reached the pool (over the rate, body too large): recorded with a new id. */
    String rejected(DeployedFunction fn, Trigger trigger, CallError error, long startNanos) {
        String id = ids.next();
        long now = System.nanoTime();
        recorder.offer(new CallRecord(id, fn.name(), fn.specHash(), trigger, status(error.failure()), error.status(),
                micros.of(startNanos), 0, micros.of(now), (now - startNanos) / 1000, StartKind.NONE, 0, null, 1,
                error.message(), Map.of(), null));
        return id;
    }

    /** A call whose function is not there (a Kafka trigger's, after a delete): recorded under the name it asked for. */
    void missing(String function, Trigger trigger, CallError error) {
        long now = System.nanoTime();
        recorder.offer(new CallRecord(ids.next(), function, null, trigger,
                status(error.failure()), error.status(), micros.of(now), 0, micros.of(now), 0, StartKind.NONE, 0, null,
                1, error.message(), Map.of(), null));
    }

    /** The record's status of a call that ended without the function's answer. */
    static CallStatus status(CallFailure failure) {
        Outcome outcome = failure.outcome();
        return switch (outcome) {
            case TIMEOUT -> CallStatus.TIMEOUT;
            case INSTANCE_FAILED -> CallStatus.INSTANCE_FAILED;
            case RATE_LIMITED -> CallStatus.RATE_LIMITED;
            case CANCELLED -> CallStatus.CANCELLED;
            case REJECTED -> CallStatus.REJECTED;
            case SUCCESS, CLIENT_ERROR, SERVER_ERROR -> throw new IllegalArgumentException(failure + " is an answer");
        };
    }

    /** The record's status of an answer the function gave. */
    static CallStatus answered(int httpStatus) {
        return httpStatus >= 400 ? CallStatus.FUNCTION_ERROR : CallStatus.SUCCESS;
    }
}
