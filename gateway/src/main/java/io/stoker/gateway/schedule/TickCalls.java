package io.stoker.gateway.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoker.gateway.async.AsyncCalls;
import io.stoker.gateway.async.AsyncRequest;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecords;
import io.stoker.gateway.records.CallStatus;
import io.stoker.runtime.schedule.LastTick;
import io.stoker.runtime.schedule.Tick;
import io.stoker.runtime.schedule.TickOutcome;
import io.stoker.runtime.schedule.TickPorts;
import io.stoker.runtime.spec.ScheduleTrigger;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The platform side of a schedule's ticks: each tick is an async call (durable, retried, recorded) carrying a
 * CloudEvent in binary mode ({@code ce-type: io.stoker.schedule.tick}, {@code ce-time} the tick's scheduled time);
 * whether the last call still runs comes from the call records; the memory is the schedule board.
 */
final class TickCalls implements TickPorts {

    static final String TYPE = "io.stoker.schedule.tick";

    private final Supplier<Optional<AsyncCalls>> async;
    private final Supplier<Optional<CallRecords>> records;
    private final Supplier<ScheduleBoard> board;
    private final MeterRegistry registry;
    private final java.util.function.Function<String, java.time.Duration> maxAge;
    private final java.time.Clock clock;

    /**
     * @param maxAge a function's {@code async.maxAge}: no async call of it stays unfinished longer, so a record
     *     still ACCEPTED or RUNNING past it (its end written to another gateway's store) no longer blocks a tick
     */
    TickCalls(Supplier<Optional<AsyncCalls>> async, Supplier<Optional<CallRecords>> records,
              Supplier<ScheduleBoard> board, MeterRegistry registry,
              java.util.function.Function<String, java.time.Duration> maxAge, java.time.Clock clock) {
        this.async = async;
        this.records = records;
        this.board = board;
        this.registry = registry;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public CompletionStage<String> fire(String function, ScheduleTrigger schedule, Tick tick) {
        Optional<AsyncCalls> calls = async.get();
        if (calls.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("this gateway has no async calls"));
        }
        byte[] body = schedule.body().getBytes(StandardCharsets.UTF_8);
        return calls.get().submit(new AsyncRequest(function, "POST", schedule.path(), headers(function, schedule, tick),
                body, null, Trigger.SCHEDULE));
    }

    /** The CloudEvent of a tick, in HTTP binary mode. */
    static Map<String, String> headers(String function, ScheduleTrigger schedule, Tick tick) {
        Map<String, String> headers = new LinkedHashMap<>();
        String time = DateTimeFormatter.ISO_INSTANT.format(tick.scheduled());
        headers.put("ce-specversion", "1.0");
        // One id per schedule and scheduled time: a function can tell a tick delivered twice (at least once).
        headers.put("ce-id", function + "/" + schedule.id() + "/" + time);
        headers.put("ce-source", "/stoker/schedules/" + function + "/" + schedule.id());
        headers.put("ce-type", TYPE);
        headers.put("ce-time", time);
        if (tick.catchUp()) {
            headers.put("ce-stokercatchup", "true");
        }
        if (!schedule.body().isEmpty()) {
            String trimmed = schedule.body().stripLeading();
            boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
            headers.put("Content-Type", json ? "application/json" : "text/plain; charset=utf-8");
        }
        return headers;
    }

    @Override
    public boolean running(String callId) {
        return records.get().flatMap(r -> r.find(callId))
                .map(r -> (r.status() == CallStatus.ACCEPTED || r.status() == CallStatus.RUNNING) && young(r))
                .orElse(false);
    }

    private boolean young(io.stoker.gateway.records.CallRecord r) {
        java.time.Instant accepted = java.time.Instant.EPOCH.plus(r.arrivalMicros(), java.time.temporal.ChronoUnit.MICROS);
        return java.time.Duration.between(accepted, clock.instant()).compareTo(maxAge.apply(r.function())) < 0;
    }

    @Override
    public void claim(String key, LastTick last) {
        ScheduleBoard b = board.get();
        if (b == null) {
            throw new IllegalStateException("the schedule topic is closed");
        }
        b.claim(key, last);
    }

    @Override
    public void note(String key, LastTick last) {
        ScheduleBoard b = board.get();
        if (b != null) {
            b.note(key, last);
        }
    }

    @Override
    public void count(String function, TickOutcome outcome, int ticks) {
        counter(function, outcome).increment(ticks);
    }

    static Counter counter(MeterRegistry registry, String function, TickOutcome outcome) {
        return Counter.builder("stoker.schedule.ticks").description("Ticks of a function's schedules, by outcome")
                .tags("function", function, "outcome", outcome.tag()).register(registry);
    }

    private Counter counter(String function, TickOutcome outcome) {
        return counter(registry, function, outcome);
    }
}
