package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoker.gateway.schedule.ScheduleBoard;
import io.stoker.gateway.schedule.ScheduleTable;
import io.stoker.runtime.pool.ScheduledExecutorTimer;
import io.stoker.runtime.schedule.LastTick;
import io.stoker.runtime.schedule.Tick;
import io.stoker.runtime.schedule.TickOutcome;
import io.stoker.runtime.schedule.TickPorts;
import io.stoker.runtime.spec.ScheduleTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who fires a schedule, on a real broker of its own (deploy/kafka/kafka.sh on free ports), with two gateways' schedule
 * boards in one JVM and the calls recorded instead of made: each tick of twelve {@code @every 1s} schedules is fired
 * by exactly one of them, before and after the second joins and after the first leaves; a gateway started after
 * all were down reads the last ticks from the topic and fires one catch-up tick for a {@code missed: once} schedule.
 */
class ScheduleBoardBrokerTest {

    private static final int SCHEDULES = 12;
    private static final Duration LATENESS = Duration.ofSeconds(3);
    private static ScriptBroker broker;

    /** A tick fired, by whom. */
    record Fired(String gateway, String key, Tick tick) {}

    private final ConcurrentLinkedQueue<Fired> fired = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ScriptBroker.start(java.nio.file.Files.createTempDirectory("stoker-schedule-broker"),
                KafkaBrokerResource.freePort(), KafkaBrokerResource.freePort());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** One gateway's schedule side: the board, the table, its timer. */
    final class Gateway implements AutoCloseable {
        final String name;
        final ScheduleTable table;
        final ScheduleBoard board;
        final ScheduledThreadPoolExecutor executor = ScheduledExecutorTimer.singleThread(r -> new Thread(r, "timer"));

        Gateway(String name, String topic, Map<String, List<ScheduleTrigger>> schedules) {
            this.name = name;
            ScheduleBoard[] self = new ScheduleBoard[1];
            TickPorts ports = new TickPorts() {
                @Override
                public CompletionStage<String> fire(String function, ScheduleTrigger schedule, Tick tick) {
                    fired.add(new Fired(name, function + "/" + schedule.id(), tick));
                    return CompletableFuture.completedFuture(name + "-" + tick.scheduled());
                }

                @Override
                public boolean running(String callId) {
                    return false;
                }

                @Override
                public void claim(String key, LastTick last) {
                    self[0].claim(key, last);
                }

                @Override
                public void note(String key, LastTick last) {
                    self[0].note(key, last);
                }

                @Override
                public void count(String function, TickOutcome outcome, int ticks) {
                }
            };
            table = new ScheduleTable(Clock.systemUTC(), new ScheduledExecutorTimer(executor), LATENESS, ports,
                    key -> self[0].partitionOf(key), key -> self[0].last(key));
            board = new ScheduleBoard(Map.of("bootstrap.servers", broker.bootstrap()), topic, topic + "-group", 6, table);
            self[0] = board;
            schedules.forEach(table::want);
            board.start();
        }

        @Override
        public void close() {
            board.close();
            table.stopAll();
            executor.shutdownNow();
        }
    }

    private static Map<String, List<ScheduleTrigger>> everySecond(ScheduleTrigger.Missed missed) {
        Map<String, List<ScheduleTrigger>> out = new HashMap<>();
        for (int i = 0; i < SCHEDULES; i++) {
            out.put("fn-" + i, List.of(new ScheduleTrigger("@every 1s", ZoneId.of("UTC"), "/tick", "", ScheduleTrigger.Overlap.SKIP,
                    missed)));
        }
        return out;
    }

    private Map<String, Long> ticksFiredTwice() {
        return fired.stream().collect(Collectors.groupingBy(f -> f.key() + "@" + f.tick().scheduled(), Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private Set<String> keysFiredSince(Instant since, String gateway) {
        return fired.stream().filter(f -> f.tick().scheduled().isAfter(since) && (gateway == null || f.gateway().equals(gateway)))
                .map(Fired::key).collect(Collectors.toSet());
    }

    @Test
    void eachTickIsFiredByOneGatewayThroughJoinsAndLeaves() {
        String topic = "schedules-" + KafkaTriggerTest.suffix();
        Map<String, List<ScheduleTrigger>> schedules = everySecond(ScheduleTrigger.Missed.SKIP);
        try (Gateway a = new Gateway("a", topic, schedules)) {
            await().alias("gateway a fires all twelve schedules").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> keysFiredSince(Instant.now().minusSeconds(2), "a").size() == SCHEDULES);
            try (Gateway b = new Gateway("b", topic, schedules)) {
                await().alias("both gateways hold partitions").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> !a.table.held().isEmpty() && !b.table.held().isEmpty());
                assertThat(a.table.held()).doesNotContainAnyElementsOf(b.table.held());
                Instant shared = Instant.now();
                await().alias("a and b together fire all twelve, each its own").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> keysFiredSince(shared.plusSeconds(1), null).size() == SCHEDULES);
                Set<String> ofA = keysFiredSince(shared.plusSeconds(1), "a");
                Set<String> ofB = keysFiredSince(shared.plusSeconds(1), "b");
                assertThat(ofA).as("schedules a fires").isNotEmpty().doesNotContainAnyElementsOf(ofB);
                assertThat(ofB).as("schedules b fires").isNotEmpty();
                a.close();
                Instant alone = Instant.now();
                await().alias("b fires all twelve once a has left").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> keysFiredSince(alone.plusSeconds(1), "b").size() == SCHEDULES);
            }
        }
        System.out.printf("schedule board: %d ticks fired, by a %d, by b %d%n", fired.size(),
                fired.stream().filter(f -> f.gateway().equals("a")).count(),
                fired.stream().filter(f -> f.gateway().equals("b")).count());
        assertThat(ticksFiredTwice()).as("ticks fired more than once").isEmpty();
    }

    @Test
    void aGatewayStartedAfterAnOutageCatchesUpOnceFromTheTopicsMemory() throws Exception {
        String topic = "schedules-" + KafkaTriggerTest.suffix();
        Map<String, List<ScheduleTrigger>> schedules = everySecond(ScheduleTrigger.Missed.ONCE);
        Instant lastBefore;
        try (Gateway a = new Gateway("a", topic, schedules)) {
            await().alias("gateway a fires all twelve schedules").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> keysFiredSince(Instant.now().minusSeconds(2), "a").size() == SCHEDULES);
        }
        lastBefore = fired.stream().map(f -> f.tick().scheduled()).max(Instant::compareTo).orElseThrow();
        Thread.sleep(LATENESS.plusSeconds(3).toMillis()); // every schedule misses ticks older than the lateness
        try (Gateway c = new Gateway("c", topic, schedules)) {
            await().alias("gateway c catches up on every schedule").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> fired.stream().filter(f -> f.gateway().equals("c") && f.tick().catchUp())
                            .map(Fired::key).distinct().count() == SCHEDULES);
            List<Fired> catchUps = fired.stream().filter(f -> f.gateway().equals("c") && f.tick().catchUp()).toList();
            assertThat(catchUps).as("one catch-up per schedule").hasSize(SCHEDULES);
            assertThat(catchUps).allSatisfy(f -> assertThat(f.tick().scheduled()).isAfter(lastBefore));
        }
        assertThat(ticksFiredTwice()).as("ticks fired more than once").isEmpty();
    }
}
