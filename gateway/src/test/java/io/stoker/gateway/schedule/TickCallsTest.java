package io.stoker.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoker.gateway.async.AsyncCalls;
import io.stoker.gateway.async.AsyncRequest;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecords;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.StartKind;
import io.stoker.runtime.schedule.Tick;
import io.stoker.runtime.schedule.TickOutcome;
import io.stoker.runtime.spec.ScheduleTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** A tick as an async call (on a fake AsyncCalls): its CloudEvent, its trigger; overlap from the records; the meter. */
class TickCallsTest {

    private static final ScheduleTrigger TICK = new ScheduleTrigger("*/5 * * * *", ZoneId.of("Europe/Paris"), "/tick",
            "{\"job\": \"sweep\"}", ScheduleTrigger.Overlap.SKIP, ScheduleTrigger.Missed.ONCE);

    private final List<AsyncRequest> submitted = new ArrayList<>();
    private final Map<String, CallStatus> statuses = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final AsyncCalls async = new AsyncCalls() {
        @Override
        public CompletionStage<String> submit(AsyncRequest request) {
            submitted.add(request);
            return CompletableFuture.completedFuture("call-" + submitted.size());
        }
    };

    /** Every call was accepted at 10:00:00; the clock reads 10:30 unless a test moves it. */
    private static final Instant ACCEPTED = Instant.parse("2026-05-13T10:00:00Z");
    private Instant now = ACCEPTED.plus(java.time.Duration.ofMinutes(30));

    private final CallRecords records = id -> Optional.ofNullable(statuses.get(id)).map(s -> new CallRecord(id, "fn",
            null, Trigger.SCHEDULE, s, 0, ACCEPTED.getEpochSecond() * 1_000_000, 0, 0, 0, StartKind.WARM, 0, null, 1,
            null, Map.of(), null));

    private TickCalls calls(boolean withAsync, boolean withRecords) {
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public java.time.Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new TickCalls(() -> withAsync ? Optional.of(async) : Optional.empty(),
                () -> withRecords ? Optional.of(records) : Optional.empty(), () -> null, registry,
                function -> java.time.Duration.ofHours(1), clock);
    }

    @Test
    void aTickIsAnAsyncPostWithACloudEventOfItsScheduledTime() {
        String id = calls(true, true).fire("fn", TICK, new Tick(Instant.parse("2026-05-13T10:05:00Z"), false))
                .toCompletableFuture().join();
        assertThat(id).isEqualTo("call-1");
        AsyncRequest r = submitted.get(0);
        assertThat(r.function()).isEqualTo("fn");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/tick");
        assertThat(r.trigger()).isEqualTo(Trigger.SCHEDULE);
        assertThat(r.callbackUrl()).isNull();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"job\": \"sweep\"}");
        assertThat(r.headers()).containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-type", "io.stoker.schedule.tick")
                .containsEntry("ce-time", "2026-05-13T10:05:00Z")
                .containsEntry("ce-id", "fn/" + TICK.id() + "/2026-05-13T10:05:00Z")
                .containsEntry("ce-source", "/stoker/schedules/fn/" + TICK.id())
                .containsEntry("Content-Type", "application/json")
                .doesNotContainKey("ce-stokercatchup");
    }

    @Test
    void aCatchUpTickSaysSo() {
        calls(true, true).fire("fn", TICK, new Tick(Instant.parse("2026-05-13T10:05:00Z"), true));
        assertThat(submitted.get(0).headers()).containsEntry("ce-stokercatchup", "true");
    }

    @Test
    void aPlainBodyIsTextAndNoBodyHasNoContentType() {
        ScheduleTrigger text = new ScheduleTrigger("@hourly", ZoneId.of("UTC"), "/", "hello", ScheduleTrigger.Overlap.SKIP,
                ScheduleTrigger.Missed.SKIP);
        ScheduleTrigger none = new ScheduleTrigger("@hourly", ZoneId.of("UTC"), "/", "", ScheduleTrigger.Overlap.SKIP,
                ScheduleTrigger.Missed.SKIP);
        Tick tick = new Tick(Instant.parse("2026-05-13T10:00:00Z"), false);
        assertThat(TickCalls.headers("fn", text, tick)).containsEntry("Content-Type", "text/plain; charset=utf-8");
        assertThat(TickCalls.headers("fn", none, tick)).doesNotContainKey("Content-Type");
    }

    @Test
    void withoutAsyncCallsATickFailsInsteadOfVanishing() {
        CompletableFuture<String> f = calls(false, true).fire("fn", TICK, new Tick(Instant.now(), false))
                .toCompletableFuture();
        assertThat(f).isCompletedExceptionally();
    }

    @Test
    void aCallRunsWhileItsRecordSaysAcceptedOrRunning() {
        TickCalls calls = calls(true, true);
        statuses.put("a", CallStatus.ACCEPTED);
        statuses.put("r", CallStatus.RUNNING);
        statuses.put("s", CallStatus.SUCCESS);
        statuses.put("d", CallStatus.DEAD_LETTERED);
        assertThat(calls.running("a")).isTrue();
        assertThat(calls.running("r")).isTrue();
        assertThat(calls.running("s")).isFalse();
        assertThat(calls.running("d")).isFalse();
        assertThat(calls.running("unknown")).isFalse();
        assertThat(calls(true, false).running("a")).as("no record store").isFalse();
        now = ACCEPTED.plus(java.time.Duration.ofMinutes(61));
        assertThat(calls(true, true).running("a")).as("still accepted past async.maxAge: its end is in another store")
                .isFalse();
    }

    @Test
    void ticksAreCountedByFunctionAndOutcome() {
        TickCalls calls = calls(true, true);
        calls.count("fn", TickOutcome.FIRED, 1);
        calls.count("fn", TickOutcome.FIRED, 1);
        calls.count("fn", TickOutcome.MISSED, 7);
        assertThat(registry.get("stoker.schedule.ticks").tags("function", "fn", "outcome", "fired").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("stoker.schedule.ticks").tags("function", "fn", "outcome", "missed").counter().count())
                .isEqualTo(7);
    }
}
