package io.stoker.runtime.trigger;

import static io.stoker.runtime.spec.KafkaTrigger.Ordering.KEY;
import static io.stoker.runtime.spec.KafkaTrigger.Ordering.NONE;
import static io.stoker.runtime.spec.KafkaTrigger.Ordering.PARTITION;
import static io.stoker.runtime.trigger.TriggerFixture.P0;
import static io.stoker.runtime.trigger.TriggerFixture.P1;
import static io.stoker.runtime.trigger.TriggerFixture.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Ordering, commits and back-pressure of the runner, on a MockConsumer, with no threads. */
class KafkaTriggerRunnerTest {

    @Test
    void commitNeverPassesAnUnfinishedRecord() {
        TriggerFixture fx = new TriggerFixture(trigger(NONE, 4, 1, true, ""));
        for (int o = 0; o < 4; o++) {
            fx.add(P0, o, "k" + o, "v" + o);
        }
        fx.step();
        assertThat(fx.invoker.values()).containsExactly("v0", "v1", "v2", "v3");
        fx.invoker.calls().get(1).answer(200);
        fx.invoker.calls().get(2).answer(204);
        fx.step();
        assertThat(fx.committed(P0)).isEqualTo(0); // offset 0 still in flight
        fx.invoker.calls().get(0).answer(200);
        fx.step();
        assertThat(fx.committed(P0)).isEqualTo(3);
        fx.invoker.calls().get(3).answer(200);
        fx.step();
        assertThat(fx.committed(P0)).isEqualTo(4);
        assertThat(fx.runner.status().succeeded()).isEqualTo(4);
        assertThat(fx.runner.status().inFlight()).isZero();
    }

    @Test
    void keyOrderingRunsOneRecordPerKeyInOffsetOrder() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 1, true, ""));
        fx.add(P0, 0, "a", "a0");
        fx.add(P0, 1, "b", "b1");
        fx.add(P0, 2, "a", "a2");
        fx.add(P0, 3, "a", "a3");
        fx.add(P0, 4, null, "n4");
        fx.add(P0, 5, null, "n5");
        fx.step();
        assertThat(fx.invoker.values()).containsExactly("a0", "b1", "n4", "n5");
        fx.invoker.calls().get(0).answer(200);
        fx.step();
        assertThat(fx.invoker.values()).containsExactly("a0", "b1", "n4", "n5", "a2");
        fx.invoker.calls().get(4).answer(200);
        fx.step();
        assertThat(fx.invoker.values()).endsWith("a2", "a3");
    }

    @Test
    void partitionOrderingRunsOneAtATimePerPartition() {
        TriggerFixture fx = new TriggerFixture(trigger(PARTITION, 10, 1, true, ""));
        fx.add(P0, 0, "a", "p0-0");
        fx.add(P0, 1, "b", "p0-1");
        fx.add(P1, 0, "c", "p1-0");
        fx.step();
        assertThat(fx.invoker.values()).containsExactlyInAnyOrder("p0-0", "p1-0");
        fx.invoker.pending().forEach(c -> c.answer(200));
        fx.step();
        assertThat(fx.invoker.values()).hasSize(3).endsWith("p0-1");
    }

    @Test
    void aFailingRecordIsRetriedThenDeadLetteredWithItsOriginalsWhileItsKeyWaits() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 3, true, ""));
        fx.add(P0, 0, "a", "bad", "trace", "t-1");
        fx.add(P0, 1, "a", "next");
        fx.step();
        assertThat(fx.invoker.values()).containsExactly("bad");
        java.time.Instant lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            fx.invoker.pending().get(0).answer(500, "boom " + attempt, true);
            fx.step();
            lastFailure = fx.clock.instant();
            assertThat(fx.invoker.values()).doesNotContain("next"); // same key waits behind the retry
            fx.delayer.advance(java.time.Duration.ofSeconds(1));
            fx.step();
        }
        assertThat(fx.invoker.values()).containsExactly("bad", "bad", "bad");
        assertThat(fx.delayer.delays()).hasSize(2); // two back-offs between three calls
        assertThat(fx.producer.history()).hasSize(1);
        var dead = fx.producer.history().get(0);
        assertThat(dead.topic()).isEqualTo("orders.dlt");
        assertThat(TriggerFixture.text(dead.key())).isEqualTo("a");
        assertThat(TriggerFixture.text(dead.value())).isEqualTo("bad");
        assertThat(Replies.text(dead.headers(), "trace")).isEqualTo("t-1");
        assertThat(Replies.text(dead.headers(), "stoker-error")).isEqualTo("HTTP 500: boom 3");
        assertThat(Replies.text(dead.headers(), "stoker-status")).isEqualTo("500");
        assertThat(Replies.text(dead.headers(), "stoker-attempts")).isEqualTo("3");
        assertThat(Replies.text(dead.headers(), "stoker-source-topic")).isEqualTo("orders");
        assertThat(Replies.text(dead.headers(), "stoker-source-partition")).isEqualTo("0");
        assertThat(Replies.text(dead.headers(), "stoker-source-offset")).isEqualTo("0");
        fx.step();
        assertThat(fx.committed(P0)).isZero(); // not past offset 0: not safe on the dead-letter topic yet
        assertThat(fx.invoker.values()).doesNotContain("next");
        fx.producer.completeNext();
        fx.step();
        assertThat(fx.committed(P0)).isEqualTo(1);
        assertThat(fx.invoker.values()).endsWith("next");
        assertThat(fx.runner.status()).extracting(TriggerStatus::retried, TriggerStatus::deadLettered)
                .containsExactly(2L, 1L);
        assertThat(fx.runner.status().lastError()).contains("HTTP 500 boom 3");
        assertThat(fx.runner.status().lastErrorAt()).as("stamped by the runner's clock").isEqualTo(lastFailure);
    }

    @Test
    void withoutDeadLetteringARecordIsDroppedAfterTheLastAttempt() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 1, false, ""));
        fx.add(P0, 0, "a", "bad");
        fx.step();
        fx.invoker.pending().get(0).answer(502, "", false);
        fx.step();
        assertThat(fx.producer.history()).isEmpty();
        assertThat(fx.committed(P0)).isEqualTo(1);
        assertThat(fx.runner.status().dropped()).isEqualTo(1);
    }

    @Test
    void theReplyGoesToTheReplyTopicWithTheSameKeyAndFinishesOnItsAck() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 1, true, "answers"));
        fx.add(P0, 0, "a", "question");
        fx.step();
        fx.invoker.pending().get(0).answer(200, "answer", true);
        fx.step();
        var reply = fx.producer.history().get(0);
        assertThat(reply.topic()).isEqualTo("answers");
        assertThat(TriggerFixture.text(reply.key())).isEqualTo("a");
        assertThat(TriggerFixture.text(reply.value())).isEqualTo("answer");
        assertThat(Replies.text(reply.headers(), "content-type")).isEqualTo("text/plain");
        assertThat(Replies.text(reply.headers(), "stoker-source-offset")).isEqualTo("0");
        assertThat(fx.committed(P0)).isZero(); // the reply is not acknowledged yet
        fx.producer.completeNext();
        fx.step();
        assertThat(fx.committed(P0)).isEqualTo(1);
        assertThat(fx.runner.status().succeeded()).isEqualTo(1);
    }

    @Test
    void saturationPausesThePartitionWithoutUsingAnAttemptAndResumesOnSuccess() {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 1, true, ""));
        fx.add(P0, 0, "a", "v0");
        fx.step();
        fx.invoker.pending().get(0).answer(429, "queue full", false);
        fx.add(P0, 1, "b", "v1");
        fx.step();
        assertThat(fx.consumer.paused()).containsExactly(P0);
        assertThat(fx.invoker.values()).containsExactly("v0"); // nothing new starts while saturated
        fx.delayer.advance(TriggerFixture.SETTINGS.saturatedDelay());
        fx.step();
        assertThat(fx.invoker.values()).containsExactly("v0", "v0");
        fx.invoker.pending().get(0).answer(200);
        fx.step();
        assertThat(fx.consumer.paused()).isEmpty();
        assertThat(fx.invoker.values()).containsExactly("v0", "v0", "v1");
        assertThat(fx.runner.status().succeeded()).isEqualTo(1);
        assertThat(fx.runner.status().dropped()).isZero(); // attempts: 1, yet it was not given up
    }

    @Test
    void aFullBufferPausesThePartitionUntilItDrainsBelowHalf() {
        TriggerFixture fx = new TriggerFixture(trigger(PARTITION, 1, 1, true, ""));
        for (int o = 0; o < 10; o++) {
            fx.add(P0, o, "k", "v" + o);
        }
        fx.step();
        assertThat(fx.consumer.paused()).containsExactly(P0); // 9 buffered > 4 × 1
        for (int i = 0; i < 7; i++) {
            fx.invoker.pending().get(0).answer(200);
            fx.step();
        }
        assertThat(fx.consumer.paused()).containsExactly(P0); // 2 buffered: not below 2 × 1 yet
        fx.invoker.pending().get(0).answer(200);
        fx.step();
        assertThat(fx.consumer.paused()).isEmpty();
    }

    @Test
    void revokeCommitsWhatFinishedAndForgetsTheRest() {
        TriggerFixture fx = new TriggerFixture(trigger(NONE, 10, 1, true, ""));
        for (int o = 0; o < 3; o++) {
            fx.add(P0, o, "k" + o, "v" + o);
        }
        fx.add(P1, 0, "x", "p1");
        fx.step();
        fx.invoker.call("v0").answer(200);
        fx.invoker.call("v2").answer(200);
        fx.consumer.rebalance(List.of(P1)); // P0 goes: offset 1 still in flight (drain waits 200 ms for it)
        assertThat(fx.committed(P0)).isEqualTo(1);
        fx.invoker.call("v1").answer(200); // a late answer for a partition no longer ours
        fx.step();
        assertThat(fx.committed(P0)).isEqualTo(1);
        assertThat(fx.runner.status().lag()).extracting(PartitionLag::partition).containsExactly(1);
    }

    @Test
    void theLagShowsNewlyAssignedPartitionsOnTheNextPassNotALagIntervalLater() {
        TriggerFixture fx = new TriggerFixture(trigger(NONE, 10, 1, true, ""));
        fx.clock.advance(java.time.Duration.ofSeconds(1));
        fx.step();
        fx.consumer.rebalance(List.of(P1));
        fx.step();
        assertThat(fx.runner.status().lag()).extracting(PartitionLag::partition).containsExactly(1);
        fx.consumer.rebalance(List.of(P0, P1));
        fx.step(); // 200 ms later: well inside the 1 s lag interval
        assertThat(fx.runner.status().lag()).extracting(PartitionLag::partition).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void lagCountsUnreadAndUnfinishedRecords() {
        TriggerFixture fx = new TriggerFixture(trigger(NONE, 10, 1, true, ""));
        fx.consumer.updateEndOffsets(Map.of(P0, 10L, P1, 0L));
        fx.add(P0, 0, "a", "v0");
        fx.add(P0, 1, "b", "v1");
        fx.clock.advance(java.time.Duration.ofSeconds(1));
        fx.step();
        assertThat(fx.runner.totalLag()).isEqualTo(8 + 2); // 8 unread (end 10, position 2) + 2 in flight
        assertThat(fx.runner.status().lag()).contains(new PartitionLag("orders", 0, 10), new PartitionLag("orders", 1, 0));
    }

    @Test
    void closeCommitsWhatFinishedAndStops() {
        TriggerFixture fx = new TriggerFixture(trigger(NONE, 10, 1, true, ""));
        fx.add(P0, 0, "a", "v0");
        fx.add(P0, 1, "a", "v1");
        fx.step();
        fx.invoker.calls().get(0).answer(200);
        fx.runner.close();
        assertThat(fx.committed(new TopicPartition("orders", 0))).isEqualTo(1);
        assertThat(fx.consumer.closedByRunner).isTrue();
        assertThat(fx.runner.status().state()).isEqualTo(TriggerState.STOPPED);
    }

    @Test
    void closeStillRunsWaitingRecordsBelowTheHighestFinishedSoNoFinishedRecordIsCalledAgain() throws Exception {
        TriggerFixture fx = new TriggerFixture(trigger(KEY, 10, 1, true, ""));
        fx.add(P0, 0, "k1", "v0");
        fx.add(P0, 1, "k1", "v1"); // waits behind v0: same key
        fx.add(P0, 2, "k2", "v2");
        fx.add(P0, 3, "k3", "v3");
        fx.add(P0, 4, "k3", "v4"); // waits behind v3, and lies above every finished record
        fx.step();
        fx.invoker.call("v2").answer(200);
        fx.step();
        assertThat(fx.committed(P0)).as("v0 still in flight").isEqualTo(0);
        // Answers come from another thread while close() drains, as the function's answers would.
        Thread answerer = new Thread(() -> {
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) {
                fx.invoker.pending().forEach(c -> c.answer(200));
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        answerer.setDaemon(true);
        answerer.start();
        fx.runner.close();
        answerer.interrupt();
        assertThat(fx.invoker.calls()).extracting(FakeInvoker.Call::value)
                .as("v1 started during the close: v2 after it was finished already")
                .contains("v1").doesNotContain("v4");
        assertThat(fx.committed(P0)).as("past v0..v3; v4 is for the next owner").isEqualTo(4);
    }
}
