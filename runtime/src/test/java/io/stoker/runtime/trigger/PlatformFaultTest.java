package io.stoker.runtime.trigger;

import static io.stoker.runtime.spec.KafkaTrigger.Ordering.KEY;
import static io.stoker.runtime.trigger.TriggerFixture.P0;
import static io.stoker.runtime.trigger.TriggerFixture.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.KafkaTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record that meets a platform fault is called again without using an attempt, up to its maximum age. */
class PlatformFaultTest {

    private static void answer(FakeInvoker.Call call, int status, InvokeResult.Fault fault) {
        call.answer().complete(new InvokeResult(status, Map.of(), "lost".getBytes(StandardCharsets.UTF_8), fault));
    }

    /** Answers the pending call with {@code fault}, then lets its back-off pass. */
    private static void failOnce(TriggerFixture fx, InvokeResult.Fault fault) {
        answer(fx.invoker.pending().get(0), 502, fault);
        fx.step();
        fx.delayer.advance(Duration.ofSeconds(2));
        fx.step();
    }

    @Test
    void platformFaultsUseNoAttemptAndAreCountedApart() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 2, true, ""));
        fx.add(P0, 0, "a", "good");
        fx.step();
        for (int i = 0; i < 5; i++) {
            failOnce(fx, InvokeResult.Fault.PLATFORM);
        }
        fx.invoker.pending().get(0).answer(200);
        fx.step();

        assertThat(fx.invoker.values()).hasSize(6);
        assertThat(fx.producer.history()).as("nothing dead-lettered").isEmpty();
        TriggerStatus status = fx.runner.status();
        assertThat(status.succeeded()).isEqualTo(1);
        assertThat(status.platformRetried()).isEqualTo(5);
        assertThat(status.retried()).isZero();
        assertThat(fx.committed(P0)).isEqualTo(1);
    }

    @Test
    void platformRetriesBackOffExponentially() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 2, true, ""));
        fx.add(P0, 0, "a", "good");
        fx.step();
        for (int i = 0; i < 4; i++) {
            failOnce(fx, InvokeResult.Fault.PLATFORM);
        }
        List<Duration> waits = fx.delayer.delays();
        assertThat(waits).hasSize(4);
        // backoff 100 ms doubling (with equal jitter: between half and all of it), capped at the trigger's 1 s
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(waits.get(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void aRecordPastItsMaximumAgeIsDeadLetteredAsTooOld() {
        KafkaTrigger base = trigger(KEY, 10, 2, true, "");
        KafkaTrigger trigger = new KafkaTrigger(base.topics(), base.path(), base.group(), base.ordering(),
                base.concurrency(), base.retry(), true, "", "", base.from(), Duration.ofMinutes(10));
        TriggerFixture fx = new TriggerFixture(trigger);
        fx.add(P0, 0, "a", "good");
        fx.step();
        failOnce(fx, InvokeResult.Fault.PLATFORM);
        fx.clock.advance(Duration.ofMinutes(11)); // since its first call
        answer(fx.invoker.pending().get(0), 503, InvokeResult.Fault.PLATFORM);
        fx.step();

        assertThat(fx.producer.history()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("orders.dlt");
            assertThat(Replies.text(dead.headers(), "stoker-error")).startsWith("record too old");
            assertThat(Replies.text(dead.headers(), "stoker-attempts")).isEqualTo("0");
        });
    }

    @Test
    void aBacklogReadLongAfterItsTimestampIsNotTooOldForItsFirstPlatformFault() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 2, true, ""));
        fx.clock.advance(Duration.ofHours(7)); // the record was written 7 h before the runner reads it
        fx.add(P0, 0, "a", "late");
        fx.step();
        failOnce(fx, InvokeResult.Fault.PLATFORM);
        fx.invoker.pending().get(0).answer(200);
        fx.step();
        assertThat(fx.producer.history()).isEmpty();
        assertThat(fx.runner.status().succeeded()).isEqualTo(1);
    }

    @Test
    void aCrashWhileServingOnlyThisRecordUsesAnAttemptSoAPoisonRecordEndsDeadLettered() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 2, true, ""));
        fx.add(P0, 0, "a", "poison");
        fx.step();
        failOnce(fx, InvokeResult.Fault.CRASH_ALONE);
        answer(fx.invoker.pending().get(0), 502, InvokeResult.Fault.CRASH_ALONE);
        fx.step();

        assertThat(fx.invoker.values()).hasSize(2);
        assertThat(fx.producer.history()).singleElement()
                .satisfies(dead -> assertThat(Replies.text(dead.headers(), "stoker-attempts")).isEqualTo("2"));
    }

    @Test
    void aSharedCrashIsForgivenOnceThenTheSuspectIsCalledAloneAndItsCrashesUseAttempts() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 2, true, ""));
        fx.add(P0, 0, "a", "poison");
        fx.add(P0, 1, "b", "good-1");
        fx.add(P0, 2, "c", "good-2");
        fx.step();
        assertThat(fx.invoker.pending()).hasSize(3);
        // The instance ends by itself with all three in flight: none is blamed, all three are suspects.
        for (FakeInvoker.Call call : fx.invoker.pending()) {
            answer(call, 502, InvokeResult.Fault.CRASH_SHARED);
        }
        fx.step();
        fx.delayer.advance(Duration.ofSeconds(2));
        fx.step();
        assertThat(fx.invoker.pending()).as("suspects go one at a time").hasSize(1);
        assertThat(fx.producer.history()).isEmpty();

        // Each suspect alone: the good ones answer, the poison one crashes its instance alone, twice.
        int poisonCalls = 0;
        for (int i = 0; i < 10 && fx.producer.history().isEmpty(); i++) {
            FakeInvoker.Call call = fx.invoker.pending().get(0);
            assertThat(fx.invoker.pending()).hasSize(1);
            if (call.value().equals("poison")) {
                poisonCalls++;
                answer(call, 502, InvokeResult.Fault.CRASH_SHARED); // another trigger's call shared it: still its own
            } else {
                call.answer(200);
            }
            fx.step();
            fx.delayer.advance(Duration.ofSeconds(2));
            fx.step();
        }
        assertThat(poisonCalls).isEqualTo(2);
        assertThat(fx.producer.history()).singleElement().satisfies(dead -> {
            assertThat(TriggerFixture.text(dead.value())).isEqualTo("poison");
            assertThat(Replies.text(dead.headers(), "stoker-attempts")).isEqualTo("2");
        });
        fx.producer.completeNext();
        fx.step();
        assertThat(fx.runner.status().succeeded()).isEqualTo(2);
        assertThat(fx.runner.status().deadLettered()).isEqualTo(1);
    }

    @Test
    void whileASuspectIsCalledAloneNewRecordsWaitAndThenGoOutTogether() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 3, true, ""));
        fx.add(P0, 0, "a", "s1");
        fx.add(P0, 1, "b", "s2");
        fx.step();
        fx.invoker.pending().forEach(c -> answer(c, 502, InvokeResult.Fault.CRASH_SHARED));
        fx.step();
        fx.add(P0, 2, "c", "new-1");
        fx.add(P0, 3, "d", "new-2");
        fx.delayer.advance(Duration.ofSeconds(2));
        fx.step();
        assertThat(fx.invoker.pending()).hasSize(1).extracting(FakeInvoker.Call::value).containsAnyOf("s1", "s2");
        String first = fx.invoker.pending().get(0).value();
        fx.invoker.pending().get(0).answer(200);
        fx.step();
        assertThat(fx.invoker.pending()).hasSize(1).extracting(FakeInvoker.Call::value)
                .containsExactly(first.equals("s1") ? "s2" : "s1");
        fx.invoker.pending().get(0).answer(200);
        fx.step();
        assertThat(fx.invoker.pending()).extracting(FakeInvoker.Call::value)
                .as("no suspect left: the held records go out at once").containsExactly("new-1", "new-2");
    }

    @Test
    void aFailedCallOfTheRecordsOwnStillUsesAnAttempt() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 1, true, ""));
        fx.add(P0, 0, "a", "slow");
        fx.step();
        answer(fx.invoker.pending().get(0), 504, InvokeResult.Fault.CALL);
        fx.step();
        assertThat(fx.producer.history()).hasSize(1);
        assertThat(fx.runner.status().platformRetried()).isZero();
    }
}
