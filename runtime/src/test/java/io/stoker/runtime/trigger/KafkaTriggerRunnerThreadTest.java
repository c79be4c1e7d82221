package io.stoker.runtime.trigger;

import static io.stoker.runtime.trigger.TriggerFixture.P0;
import static io.stoker.runtime.trigger.TriggerFixture.P1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoker.runtime.spec.KafkaTrigger;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner on its own poll thread: answers from other threads, a clean close, and a broker that is not there. */
class KafkaTriggerRunnerThreadTest {

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void runsOnItsOwnThreadAndCommitsEverythingOnClose() {
        TriggerFixture.TestConsumer consumer = new TriggerFixture.TestConsumer();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1)); // on the poll thread, as a real rebalance would be
            for (int o = 0; o < 100; o++) {
                consumer.addRecord(new ConsumerRecord<>("orders", o % 2, o / 2, ("k" + o % 7).getBytes(),
                        ("v" + o).getBytes()));
            }
        });
        // answers arrive on another thread, a little later, as they would from the pool
        RecordInvoker invoker = (function, path, headers, body, timeout) -> CompletableFuture.supplyAsync(
                () -> new InvokeResult(200, Map.of(), new byte[0], true),
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
        KafkaTriggerRunner runner = new KafkaTriggerRunner("fn",
                TriggerFixture.trigger(KafkaTrigger.Ordering.KEY, 4, 1, true, ""), () -> consumer,
                () -> new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()), invoker,
                Clock.systemUTC(), scheduler, new Random(), TriggerFixture.SETTINGS);
        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.status().succeeded() == 100);
        assertThat(runner.status().state()).isEqualTo(TriggerState.RUNNING);
        long began = System.nanoTime();
        runner.close();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(consumer.commits.get(P0).offset()).isEqualTo(50);
        assertThat(consumer.commits.get(P1).offset()).isEqualTo(50);
        assertThat(consumer.closedByRunner).isTrue();
        assertThat(runner.status().state()).isEqualTo(TriggerState.STOPPED);
    }

    @Test
    void anUnreachableBrokerLeavesItWaitingNotFailing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        KafkaTrigger trigger = TriggerFixture.trigger(KafkaTrigger.Ordering.KEY, 4, 1, true, "");
        Map<String, Object> client = Map.of("bootstrap.servers", "127.0.0.1:" + port);
        RunnerSettings settings = new RunnerSettings(Duration.ofSeconds(30), Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(300));
        KafkaTriggerRunner runner = new KafkaTriggerRunner("fn", trigger,
                () -> new KafkaConsumer<>(TriggerClients.consumer("fn", trigger, client)),
                () -> new KafkaProducer<>(TriggerClients.producer("fn", client)),
                (f, p, h, b, t) -> new CompletableFuture<>(), Clock.systemUTC(), scheduler, new Random(), settings);
        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.status().state() == TriggerState.WAITING_FOR_BROKER);
        assertThat(runner.status().lastError()).contains("Timeout");
        assertThat(runner.totalLag()).isZero();
        long began = System.nanoTime();
        runner.close();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(8));
        assertThat(runner.status().state()).isEqualTo(TriggerState.STOPPED);
    }
}
