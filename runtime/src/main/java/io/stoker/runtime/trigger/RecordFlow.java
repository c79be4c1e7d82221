package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The life of one record after it starts: call, then on 2xx the reply (if any), on failure a retry after a
 * back-off, after the last attempt the dead-letter topic (or a drop); finished only when all that is done and
 * acknowledged. Runs on the poll thread; answers from other threads come back through the {@link Inbox}.
 */
final class RecordFlow {

    private final String function;
    private final KafkaTrigger trigger;
    private final RecordInvoker invoker;
    private final Supplier<Producer<byte[], byte[]>> producer;
    private final Inbox inbox;
    private final Delayer delayer;
    private final RetryPolicy retry;
    private final RunnerSettings settings;
    private final TriggerCounters counters;
    private final Clock clock;
    private final Isolation isolation = new Isolation();

    RecordFlow(String function, KafkaTrigger trigger, RecordInvoker invoker,
               Supplier<Producer<byte[], byte[]>> producer, Inbox inbox, Delayer delayer,
               RetryPolicy retry, RunnerSettings settings, TriggerCounters counters, Clock clock) {
        this.function = function;
        this.trigger = trigger;
        this.invoker = invoker;
        this.producer = producer;
        this.inbox = inbox;
        this.delayer = delayer;
        this.retry = retry;
        this.settings = settings;
        this.counters = counters;
        this.clock = clock;
    }

    /** Starts a record that the dispatcher let go. */
    void start(Flight f) {
        f.work.active++;
        f.work.busyKeys.add(f.key);
        counters.inFlight.incrementAndGet();
        call(f);
    }

    void handle(Inbox.Event event) {
        Flight f = event.flight();
        if (!(event instanceof Inbox.Due)) {
            f.work.outstanding--;
        }
        List<Flight> released = event instanceof Inbox.Answered ? isolation.answered(f) : List.of();
        released.forEach(this::callNow);
        if (f.work.gone) {
            return; // the partition moved on; whoever has it now reads the record again
        }
        if (event instanceof Inbox.Answered a) {
            answered(f, a.result());
        } else if (event instanceof Inbox.Written w) {
            written(f, w.error());
        } else if (!f.work.draining) {
            next(f);
        }
    }

    private void next(Flight f) {
        switch (f.step) {
            case CALL -> call(f);
            case REPLY -> write(f, Replies.reply(trigger.replyTopic(), f.record, f.last));
            case DEAD_LETTER -> write(f, Replies.deadLetter(trigger.deadLetterTopicFor(f.record.topic()), f.record,
                    f.last, f.attempts));
        }
    }

    private void call(Flight f) {
        f.step = Flight.Step.CALL;
        if (isolation.mayCall(f)) {
            callNow(f);
        }
    }

    private void callNow(Flight f) {
        if (f.firstCalledAt == null) {
            f.firstCalledAt = clock.instant();
        }
        f.attempts++;
        f.work.outstanding++;
        CompletableFuture<InvokeResult> answer;
        try {
            answer = invoker.invoke(function, trigger.path(), CloudEventHeaders.of(f.record), f.record.value(),
                    settings.callTimeout());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        // A guard in case the invoker never answers: the record must not hold its partition forever.
        answer.copy().orTimeout(settings.callTimeout().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, error) ->
                        inbox.post(new Inbox.Answered(f, result != null ? result : failure(error))));
    }

    private static InvokeResult failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        int status = cause instanceof TimeoutException ? 504 : 502;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new InvokeResult(status, Map.of(), text.getBytes(StandardCharsets.UTF_8), false);
    }

    private void answered(Flight f, InvokeResult result) {
        f.last = result;
        if (result.saturated()) {
            f.attempts--; // back-pressure, not the record's fault
            f.work.saturated = true;
            later(f, retry.saturatedDelay(settings.saturatedDelay()));
            return;
        }
        f.work.saturated = false;
        if (notTheRecordsFault(f, result)) {
            platformFault(f, result);
            return;
        }
        if (result.succeeded()) {
            if (trigger.replyTopic().isEmpty()) {
                finish(f, counters.succeeded);
            } else {
                f.step = Flight.Step.REPLY;
                next(f);
            }
            return;
        }
        counters.failed(f + ": HTTP " + result.status() + " " + Replies.errorText(result));
        if (retry.mayRetry(f.attempts)) {
            counters.retried.incrementAndGet();
            later(f, retry.delay(f.attempts));
        } else {
            giveUp(f);
        }
    }

    /** To the dead-letter topic, or dropped when the trigger has none. */
    private void giveUp(Flight f) {
        if (trigger.deadLetterTopicFor(f.record.topic()).isEmpty()) {
            finish(f, counters.dropped);
        } else {
            f.step = Flight.Step.DEAD_LETTER;
            next(f);
        }
    }

    /**
     * A platform fault, or the first crash a record shared with others: the record is called again without using an
     * attempt, and after a shared crash it is a suspect, called alone ({@link Isolation}), so its next crash is its
     * own and uses an attempt.
     */
    private static boolean notTheRecordsFault(Flight f, InvokeResult result) {
        return switch (result.fault()) {
            case PLATFORM -> true;
            case CRASH_SHARED -> {
                boolean first = !f.suspect;
                f.suspect = true;
                yield first;
            }
            default -> false;
        };
    }

    private void platformFault(Flight f, InvokeResult result) {
        f.attempts--;
        counters.failed(f + ": HTTP " + result.status() + " " + Replies.errorText(result) + " (a platform fault: "
                + "called again, no attempt used)");
        Duration age = ageOf(f);
        if (age.compareTo(trigger.maxRecordAge()) > 0) {
            String why = "record too old: called for " + age.toSeconds() + " s, past maxRecordAge "
                    + trigger.maxRecordAge().toSeconds() + " s, after a platform fault (" + Replies.errorText(result)
                    + ")";
            f.last = new InvokeResult(result.status(), Map.of(), why.getBytes(StandardCharsets.UTF_8),
                    InvokeResult.Fault.PLATFORM);
            giveUp(f);
            return;
        }
        counters.platformRetried.incrementAndGet();
        later(f, retry.delay(++f.platformFaults));
    }

    /**
     * Since this runner first called the record, not since the record's timestamp: a backlog read hours late (a
     * consumer that was away, {@code from: earliest} on old data) is not old to Stoker, and one ordinary platform fault
     * must not dead-letter it.
     */
    private Duration ageOf(Flight f) {
        return f.firstCalledAt == null ? Duration.ZERO : Duration.between(f.firstCalledAt, clock.instant());
    }

    private void later(Flight f, Duration delay) {
        if (!f.work.draining) {
            delayer.schedule(() -> inbox.post(new Inbox.Due(f)), delay);
        }
    }

    private void write(Flight f, ProducerRecord<byte[], byte[]> out) {
        f.work.outstanding++;
        try {
            producer.get().send(out, (meta, error) -> inbox.post(new Inbox.Written(f, error)));
        } catch (RuntimeException e) {
            inbox.post(new Inbox.Written(f, e));
        }
    }

    private void written(Flight f, Exception error) {
        if (error == null) {
            finish(f, f.step == Flight.Step.REPLY ? counters.succeeded : counters.deadLettered);
            return;
        }
        counters.failed(f + ": writing to " + (f.step == Flight.Step.REPLY ? "the reply" : "the dead-letter")
                + " topic failed: " + error);
        later(f, retry.delay(1)); // stays unfinished, so its offset is not committed until the write succeeds
    }

    private void finish(Flight f, AtomicLong counter) {
        counter.incrementAndGet();
        counters.inFlight.decrementAndGet();
        f.work.active--;
        f.work.busyKeys.remove(f.key);
        f.work.offsets.finished(f.record.offset());
    }
}
