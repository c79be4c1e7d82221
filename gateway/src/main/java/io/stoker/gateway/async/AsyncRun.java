package io.stoker.gateway.async;

import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.StartKind;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.spec.AsyncSettings;
import io.stoker.runtime.trigger.InvokeResult;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The life of one async call taken from the topic: each attempt through the one call path, back-off between them
 * on a timer (no thread waits), then the end: the dead letter if it was given up, the callback if it has one, its
 * final record, and only then {@code done}, which acknowledges its offset. One step at a time, so no lock is needed.
 */
final class AsyncRun {

    private static final Logger LOG = Logger.getLogger(AsyncRun.class);
    /** The answer's body kept in the record, at most. */
    static final int MAX_RESULT_BODY = 1 << 20;

    private final AsyncConsumer host;
    private final AsyncEnvelope call;
    private final Runnable done;
    private AsyncAttempts attempts;
    private long firstStartMicros;
    private String specHash;
    private InvokeResult last;
    /** The call path's record of the last attempt (how its instance started, which one served it); null before. */
    private CallRecord lastAttempt;

    AsyncRun(AsyncConsumer host, AsyncEnvelope call, Runnable done) {
        this.host = host;
        this.call = call;
        this.done = done;
    }

    String id() {
        return call.id();
    }

    void start() {
        DeployedFunction fn = host.registry.lookup(call.request().function());
        AsyncSettings settings = fn == null ? AsyncSettings.DEFAULTS : fn.spec().async();
        attempts = new AsyncAttempts(settings, ThreadLocalRandom.current());
        String old = attempts.tooOld(age());
        if (old != null) {
            last = new InvokeResult(0, Map.of(), new byte[0], InvokeResult.Fault.PLATFORM);
            giveUp(old);
            return;
        }
        attempt();
    }

    private void attempt() {
        AsyncRequest r = call.request();
        DeployedFunction fn = host.registry.lookup(r.function());
        Duration timeout = fn == null ? Duration.ofSeconds(30) : fn.spec().limits().timeout();
        if (fn != null) {
            specHash = fn.specHash();
        }
        attempts.calling();
        long now = host.micros();
        if (firstStartMicros == 0) {
            firstStartMicros = now;
        }
        host.recorder.offer(record(CallStatus.RUNNING, 0, 0, null, Map.of(), null));
        Map<String, String> headers = new LinkedHashMap<>(r.headers());
        headers.put("x-stoker-call-id", call.id());
        host.calls.call(new io.stoker.gateway.call.CallRequest(r.trigger(), r.method(), r.function(), r.path(),
                        headers, r.body(), timeout, attempt -> lastAttempt = attempt))
                .whenComplete((result, error) -> answered(result != null ? result : new InvokeResult(502, Map.of(),
                        String.valueOf(error).getBytes(StandardCharsets.UTF_8), InvokeResult.Fault.PLATFORM)));
    }

    private void answered(InvokeResult result) {
        last = result;
        AsyncAttempts.Next next = attempts.answered(result, age());
        if (next instanceof AsyncAttempts.Again again) {
            host.vertx.setTimer(Math.max(1, again.delay().toMillis()), id -> attempt());
        } else if (next instanceof AsyncAttempts.End end) {
            end(end.status(), end.status() == CallStatus.SUCCESS ? null : AsyncAttempts.describe(result));
        } else {
            giveUp(((AsyncAttempts.GiveUp) next).why());
        }
    }

    /** To the dead-letter topic, retried until the broker has it: the offset waits for it. */
    private void giveUp(String why) {
        Map<String, String> headers = Map.of("stoker-error", why, "stoker-status", Integer.toString(last.status()),
                "stoker-attempts", Integer.toString(attempts.attempts()));
        host.async.deadLetter(call, headers).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warnf("async call %s: writing its dead letter failed, trying again: %s", call.id(), e.getMessage());
                host.vertx.setTimer(2_000, id -> giveUp(why));
                return;
            }
            end(CallStatus.DEAD_LETTERED, why);
        });
    }

    private void end(CallStatus status, String error) {
        String url = call.request().callbackUrl();
        if (url == null) {
            finish(status, error, null);
            return;
        }
        long endMicros = host.micros();
        long startMicros = firstStartMicros == 0 ? call.acceptedMicros() : firstStartMicros;
        // As OpenFaaS's queue worker sends them: the start in Unix nanoseconds, the duration in seconds.
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("X-Call-Id", call.id())
                .set("X-Function-Name", call.request().function())
                .set("X-Function-Status", Integer.toString(last.status()))
                .set("X-Duration-Seconds", String.format(java.util.Locale.ROOT, "%.6f",
                        (endMicros - startMicros) / 1e6))
                .set("X-Start-Time", Long.toString(startMicros * 1_000L));
        String type = last.headers().get("content-type");
        if (type != null) {
            headers.set("Content-Type", type);
        }
        host.callbacks.send(url, headers, last.body() == null ? new byte[0] : last.body())
                .whenComplete((outcome, e) -> finish(status, error, outcome != null ? outcome
                        : new CallbackSender.Outcome(false, 0, 0, String.valueOf(e))));
    }

    private void finish(CallStatus status, String error, CallbackSender.Outcome callback) {
        Map<String, String> headers = new LinkedHashMap<>(last.headers());
        String why = error;
        if (callback != null) {
            String said = (callback.delivered() ? "delivered: " : "failed: ") + callback.text() + " after "
                    + callback.tries() + (callback.tries() == 1 ? " try" : " tries");
            headers.put("stoker-callback", said);
            if (!callback.delivered()) {
                why = (why == null ? "" : why + "; ") + "callback " + said;
            }
        }
        byte[] body = last.body() == null ? null
                : last.body().length <= MAX_RESULT_BODY ? last.body() : Arrays.copyOf(last.body(), MAX_RESULT_BODY);
        host.recorder.offer(record(status, last.status(), host.micros(), why, headers, body));
        host.meters.ended(call.request().function(), status);
        done.run();
    }

    private CallRecord record(CallStatus status, int httpStatus, long endMicros, String error,
                              Map<String, String> headers, byte[] body) {
        AsyncRequest r = call.request();
        CallRecord a = lastAttempt; // the call path hands it over before it completes the attempt's answer
        return new CallRecord(call.id(), r.function(), specHash, r.trigger(), status, httpStatus, call.acceptedMicros(),
                firstStartMicros, endMicros, a == null ? 0 : a.queueWaitMicros(), a == null ? StartKind.NONE
                : a.startKind(), a == null ? 0 : a.startTookMicros(), a == null ? null : a.instanceId(),
                attempts.attempts(), error, headers, body);
    }

    private Duration age() {
        return Duration.ofNanos(Math.max(0, host.micros() - call.acceptedMicros()) * 1_000L);
    }
}
