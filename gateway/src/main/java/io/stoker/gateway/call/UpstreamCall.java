package io.stoker.gateway.call;

import io.stoker.gateway.metrics.InvocationMeters;
import io.stoker.gateway.metrics.Outcome;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.pool.InstanceLoss;
import io.stoker.runtime.pool.Lease;
import io.stoker.runtime.pool.PoolClosedException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One call of a function, whatever its trigger: a lease from the function's pool (waiting on the current version
 * when the function is updated meanwhile), one request to the leased instance, one deadline, one classification of
 * what went wrong ({@link CallError}), and the lease ended exactly once. How the request is written and the answer
 * read is the subclass's: streamed for HTTP ({@link StreamedCall}), buffered for records ({@link BufferedCall}).
 *
 * <p>Every method runs on the call's event-loop context.
 */
abstract class UpstreamCall extends DeadlineSweep.Entry {

    /** How often a call that could not connect to its instance waits for another one before it fails. */
    static final int REROUTES = 2;

    final CallPath path;
    final Context context;
    final HttpMethod method;
    final String uri;
    final long deadline;
    final long timeoutMs;
    final long startNanos;
    final String invocationId;
    DeployedFunction fn;
    /** The lease the call holds now; null while it waits for one. */
    Lease lease;
    /** The lease the call was last sent on, kept after it ends for the call's record; null if it never got one. */
    Lease served;
    /** When it got that lease, on {@link System#nanoTime}; read only while records are on. */
    long leasedNanos;
    HttpClientRequest upstream;
    /** The call has ended (answered, failed or left); whatever happens later changes nothing. */
    boolean done;
    private int reroutesLeft = REROUTES;

    UpstreamCall(CallPath path, Context context, DeployedFunction fn, HttpMethod method, String uri, long timeoutMs,
                 long startNanos) {
        this.path = path;
        this.context = context;
        this.fn = fn;
        this.method = method;
        this.uri = uri;
        this.timeoutMs = timeoutMs;
        this.startNanos = startNanos;
        this.deadline = path.clock.millis() + timeoutMs;
        this.invocationId = path.ids.next();
    }

    // ---- what the trigger's mode decides

    /** The request's headers, the Stoker headers included ({@link StokerHeaders}). */
    abstract MultiMap requestHeaders();

    /** Sends the body (and ends the request) once connected. */
    abstract void writeBody(HttpClientRequest request);

    /** The function answered: read it, then {@link #answered} or {@link #broken}. */
    abstract void onAnswer(HttpClientResponse answer);

    /** Tells the caller why the call failed (once). */
    abstract void deliver(CallError error);

    /** The meters this call counts on. */
    abstract InvocationMeters meters();

    /** Whether a broken call waits for the pool's verdict on its instance (whose fault it was) before it is told. */
    abstract boolean waitsForVerdict();

    /** What the call came from, for its record. */
    abstract io.stoker.gateway.metrics.Trigger trigger();

    /** Where the call's record goes, while records are on (the recorder, unless the trigger records its calls). */
    void recorded(CallRecording recording, io.stoker.gateway.records.CallRecord record) {
        recording.offer(record);
    }

    /** Called while the call waits for a lease, so a caller that leaves can withdraw it. */
    void waiting(CompletableFuture<Lease> lease) {}

    /** Called when the call got a lease, before the request starts. */
    void leased() {}

    // ---- the call

    final void start() {
        acquire();
    }

    private void acquire() {
        CompletableFuture<Lease> pending = fn.pool().acquire(deadline);
        if (pending.isDone()) {
            onLease(pending); // the warm path: a free instance, no hop through another thread
        } else {
            waiting(pending);
            pending.whenComplete((l, e) -> context.runOnContext(v -> onLease(pending)));
        }
    }

    private void onLease(CompletableFuture<Lease> pending) {
        if (pending.isCancelled()) {
            end(Outcome.CANCELLED);
            return;
        }
        Lease granted;
        try {
            granted = pending.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            DeployedFunction current = path.registry.lookup(fn.name());
            if (!done && cause instanceof PoolClosedException && current != null && current.pool() != fn.pool()) {
                fn = current; // updated while the call waited: the new version serves it, no attempt used
                acquire();
                return;
            }
            fail(CallError.fromPool(fn.name(), cause), null);
            return;
        }
        if (done) {
            granted.release(); // the caller left meanwhile
            return;
        }
        lease = granted;
        served = granted;
        if (path.records != null) {
            leasedNanos = System.nanoTime();
        }
        if (!swept()) {
            path.sweep().add(this, timeoutMs, deadline);
        }
        leased();
        granted.onAbort(() -> context.runOnContext(v -> {
            if (lease == granted) {
                instanceLost(granted);
            }
        }));
        RequestOptions options = new RequestOptions()
                .setHost(granted.host())
                .setPort(granted.port())
                .setMethod(method)
                .setURI(uri)
                .setHeaders(requestHeaders());
        path.client().request(options).onComplete(this::connected);
    }

    private void connected(AsyncResult<HttpClientRequest> ar) {
        if (ar.failed()) {
            if (done) {
                return;
            }
            Lease failed = lease;
            if (reroutesLeft > 0) {
                // Nothing was sent: the call waits for another instance, as a call that found none free does, after
                // the pool's verdict (an instance found gone has left the pool by then).
                reroutesLeft--;
                lease = null;
                failed.failed(ar.cause()).whenComplete((verdict, e) -> context.runOnContext(v -> reroute()));
                return;
            }
            fail(new CallError(CallFailure.UNREACHABLE, "cannot connect to the instance of '" + fn.name() + "': "
                    + ar.cause().getMessage()), ar.cause());
            return;
        }
        upstream = ar.result();
        // Every failure reaches the answer's future below; without a handler the request logs each of our own resets.
        upstream.exceptionHandler(e -> { });
        if (done) {
            upstream.reset();
            return;
        }
        upstream.response().onComplete(r -> {
            if (r.failed()) {
                broken(r.cause());
            } else if (!done) {
                onAnswer(r.result());
            }
        });
        writeBody(upstream);
    }

    private void reroute() {
        if (done) {
            return;
        }
        DeployedFunction current = path.registry.lookup(fn.name());
        if (current != null) {
            fn = current;
        }
        acquire();
    }

    @Override
    final void deadlinePassed() {
        // While it waits for a lease, the pool's own deadline answers (no instance in time: not the call's fault).
        if (!done && lease != null) {
            fail(new CallError(CallFailure.TIMEOUT, "function '" + fn.name() + "' did not answer within its timeout of "
                    + timeoutMs + " ms"), new java.util.concurrent.TimeoutException("deadline passed"));
        }
    }

    private void instanceLost(Lease lost) {
        if (done) {
            return;
        }
        InstanceLoss loss = lost.loss();
        fail(loss == null ? new CallError(CallFailure.INSTANCE_LOST, "the instance of '" + fn.name()
                + "' serving this call stopped") : CallError.lost(fn.name(), loss), null);
    }

    // ---- ends

    /** The function answered with {@code status} and the answer is through: the lease goes back. */
    final void answered(int status) {
        if (done) {
            return;
        }
        done = true;
        path.sweep().remove(this);
        meters().record(Outcome.ofFunctionStatus(status), System.nanoTime() - startNanos);
        lease.release();
        record(CallRecording.answered(status), status, null);
    }

    /**
     * The connection to the instance broke before the whole answer was through. Whose fault it was depends on what
     * became of the instance, which the pool asks the engine.
     */
    final void broken(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        path.sweep().remove(this);
        CallError ifRunning = new CallError(CallFailure.CONNECTION_CLOSED, "the instance of '" + fn.name()
                + "' closed the connection without a whole answer: " + cause.getMessage());
        CompletableFuture<Optional<InstanceLoss>> verdict = lease.failed(cause);
        if (!waitsForVerdict()) {
            told(ifRunning);
            return;
        }
        verdict.whenComplete((loss, e) -> context.runOnContext(v -> told(loss != null && loss.isPresent()
                ? CallError.lost(fn.name(), loss.get()) : ifRunning)));
    }

    /**
     * Ends the call with {@code error}: the caller is told, the lease ends ({@link Lease#failed} when {@code instanceCause}
     * says the instance may be at fault, else released), the request to the instance, if any, is reset.
     */
    final void fail(CallError error, Throwable instanceCause) {
        if (done) {
            return;
        }
        done = true;
        path.sweep().remove(this);
        Lease held = lease;
        if (held != null) {
            if (instanceCause != null) {
                held.failed(instanceCause);
            } else {
                held.release();
            }
        }
        told(error);
        if (upstream != null) {
            upstream.reset(); // after done: the reset fails the answer at once, which must not answer twice
        }
    }

    private void told(CallError error) {
        meters().record(error.failure().outcome(), System.nanoTime() - startNanos);
        // The record first, as on an answer: a trigger that takes its attempts' records (async) has it when told.
        record(CallRecording.status(error.failure()), error.status(), error.message());
        deliver(error);
    }

    /** Ends a call that never reached an instance and tells nobody (its caller left). */
    private void end(Outcome outcome) {
        if (!done) {
            done = true;
            path.sweep().remove(this);
            meters().record(outcome, System.nanoTime() - startNanos);
            record(io.stoker.gateway.records.CallStatus.CANCELLED, CallFailure.CANCELLED.status(),
                    "the caller left while the call waited for an instance");
        }
    }

    /** Hands the call's record on, once, when records are on. */
    private void record(io.stoker.gateway.records.CallStatus status, int httpStatus, String error) {
        CallRecording recording = path.records;
        if (recording != null) {
            recorded(recording, recording.of(this, status, httpStatus, error));
        }
    }
}
