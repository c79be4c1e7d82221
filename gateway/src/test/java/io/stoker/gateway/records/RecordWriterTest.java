package io.stoker.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoker.gateway.metrics.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The recorder's queue and writer, against stand-in sinks (a slow one, a failing one): pure logic, fast. */
class RecordWriterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter dropped = registry.counter("dropped");
    private final Counter written = registry.counter("written");

    private static CallRecord record(int i) {
        return RecordStoreContract.record("c" + i, "fn", Trigger.HTTP, CallStatus.SUCCESS, i);
    }

    @Test
    void recordsAreWrittenInBatches() {
        List<List<CallRecord>> batches = new CopyOnWriteArrayList<>();
        try (RecordWriter writer = new RecordWriter(b -> batches.add(List.copyOf(b)), 1000, 50, dropped, written,
                () -> {}, () -> {})) {
            for (int i = 0; i < 500; i++) {
                writer.offer(record(i));
            }
            await().alias("every record written").atMost(Duration.ofSeconds(30))
                    .until(() -> written.count() == 500);
        }
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(50));
        assertThat(batches.stream().flatMap(List::stream).map(CallRecord::id).distinct().count()).isEqualTo(500);
        assertThat(dropped.count()).isZero();
    }

    @Test
    void theStartHookRunsOnTheWriterThreadBeforeItWritesAnything() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RecordWriter writer = new RecordWriter(b -> seen.add("batch on " + Thread.currentThread().getName()),
                1000, 50, dropped, written, () -> {}, () -> seen.add("start on " + Thread.currentThread().getName()))) {
            writer.offer(record(1));
            await().alias("the record written").atMost(Duration.ofSeconds(30)).until(() -> written.count() == 1);
        }
        assertThat(seen).containsExactly("start on stoker-records-writer", "batch on stoker-records-writer");
    }

    @Test
    void aTrickleOfRecordsIsStoredOneBatchPerWakeUpNotOnePerRecord() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (RecordWriter writer = new RecordWriter(b -> sizes.add(b.size()), 1000, 500, dropped, written,
                () -> {}, () -> {})) {
            long began = System.nanoTime();
            for (int i = 0; i < 100; i++) { // a record about every 2 ms: 200 ms at least, four wake-ups or so
                writer.offer(record(i));
                Thread.sleep(2);
            }
            long tookMs = (System.nanoTime() - began) / 1_000_000;
            await().alias("every record written").atMost(Duration.ofSeconds(30)).until(() -> written.count() == 100);
            // Nobody wakes the writer per record: it takes what came since it last looked (a writer woken per offer
            // made 100 batches of one here).
            long wakeUps = tookMs / RecordWriter.TICK_MS + 2;
            assertThat(sizes).as("batches over %d ms", tookMs).hasSizeLessThanOrEqualTo((int) Math.min(wakeUps, 50));
        }
    }

    @Test
    void aStoreThatFallsBehindDropsAndCountsRecordsAndNeverSlowsTheCaller() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        AtomicInteger stored = new AtomicInteger();
        RecordSink slow = batch -> {
            held.await(60, TimeUnit.SECONDS); // a stand-in for a store that has stopped answering
            stored.addAndGet(batch.size());
        };
        try (RecordWriter writer = new RecordWriter(slow, 10, 5, dropped, written, () -> {}, () -> {})) {
            writer.offer(record(0));
            await().alias("the writer took the first record").atMost(Duration.ofSeconds(30))
                    .until(() -> writer.queued() == 0);
            long began = System.nanoTime();
            for (int i = 1; i <= 1000; i++) {
                writer.offer(record(i));
            }
            long tookMs = (System.nanoTime() - began) / 1_000_000;
            assertThat(tookMs).as("1000 offers against a stuck store return at once").isLessThan(5_000);
            assertThat(writer.capacity()).as("10 asked, rounded up to a power of two").isEqualTo(16);
            assertThat(dropped.count()).isEqualTo(984.0); // the queue holds 16
            held.countDown();
            await().alias("the queue written once the store answers").atMost(Duration.ofSeconds(30))
                    .until(() -> written.count() == 17);
        }
        assertThat(stored.get()).isEqualTo(17);
    }

    @Test
    void aFailingStoreCountsTheBatchAsDroppedAndTheWriterGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        RecordSink flaky = batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.sql.SQLException("connection refused");
            }
        };
        try (RecordWriter writer = new RecordWriter(flaky, 100, 100, dropped, written, () -> {}, () -> {})) {
            writer.offer(record(1));
            await().alias("the first batch failed").atMost(Duration.ofSeconds(30)).until(() -> dropped.count() == 1);
            writer.offer(record(2));
            await().alias("the next batch written").atMost(Duration.ofSeconds(30)).until(() -> written.count() == 1);
        }
    }

    @Test
    void closingWritesWhatIsQueued() {
        AtomicInteger stored = new AtomicInteger();
        RecordWriter writer = new RecordWriter(b -> stored.addAndGet(b.size()), 1000, 10, dropped, written, () -> {}, () -> {});
        for (int i = 0; i < 300; i++) {
            writer.offer(record(i));
        }
        writer.close();
        assertThat(stored.get()).isEqualTo(300);
    }
}
