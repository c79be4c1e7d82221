package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One pass of the poll thread: act on answers, start what the dispatcher allows, poll, pause or resume, commit,
 * refresh the lag. Every consumer call happens here (the consumer is not thread-safe); tests drive
 * {@link #runOnce()} directly with a MockConsumer. Rebalances are handled by {@link Rebalance}.
 */
final class PollLoop {

    private final KafkaTrigger trigger;
    private final Consumer<byte[], byte[]> consumer;
    private final Inbox inbox;
    private final RecordFlow flow;
    private final Clock clock;
    private final RunnerSettings settings;
    private final TriggerCounters counters;
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private final Rebalance rebalance;
    private final Starts starts;
    private Instant nextCommit;
    private Instant nextLag;
    private volatile List<PartitionLag> lag = List.of();
    private volatile boolean brokerLost;
    private final BrokerSilence silence = new BrokerSilence();

    PollLoop(KafkaTrigger trigger, Consumer<byte[], byte[]> consumer, Inbox inbox, RecordFlow flow, Clock clock,
             RunnerSettings settings, TriggerCounters counters) {
        this.trigger = trigger;
        this.consumer = consumer;
        this.inbox = inbox;
        this.flow = flow;
        this.clock = clock;
        this.settings = settings;
        this.counters = counters;
        this.nextCommit = clock.instant();
        this.nextLag = clock.instant();
        this.starts = new Starts(trigger, flow);
        this.rebalance = new Rebalance(partitions, consumer, inbox, flow, starts, settings, counters,
                this::partitionsChanged);
    }

    /** Subscribes once the broker answers a metadata request; throws (nothing subscribed) when it does not. */
    boolean connect() {
        consumer.listTopics(settings.brokerCheck());
        consumer.subscribe(trigger.topics(), rebalance);
        return true;
    }

    void runOnce() {
        drain();
        dispatch();
        inbox.polling(true);
        Duration wait = inbox.isEmpty() ? settings.idlePoll() : Duration.ZERO;
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(wait);
        } finally {
            inbox.polling(false);
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            PartitionWork work = partitions.get(new TopicPartition(r.topic(), r.partition()));
            // records of a partition revoked during this poll are not ours any more; never take one twice
            if (work != null && work.offsets.isNew(r.offset())) {
                work.read(new Flight(r, work));
                counters.received.incrementAndGet();
            }
        }
        drain();
        dispatch();
        pauseOrResume();
        Instant now = clock.instant();
        if (!now.isBefore(nextCommit)) {
            commitAsync();
            nextCommit = now.plus(settings.commitInterval());
        }
        if (!now.isBefore(nextLag)) {
            refreshLag();
            nextLag = now.plus(settings.lagInterval());
        }
    }

    private void drain() {
        for (Inbox.Event e = inbox.next(); e != null; e = inbox.next()) {
            flow.handle(e);
        }
    }

    private void dispatch() {
        for (PartitionWork work : partitions.values()) {
            starts.startAllowed(work);
        }
    }

    private void pauseOrResume() {
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (PartitionWork work : partitions.values()) {
            boolean want = Dispatcher.shouldPause(work.paused, work.saturated, work.waiting.size(), trigger.concurrency());
            if (want != work.paused) {
                (want ? pause : resume).add(work.partition);
                work.paused = want;
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /** Every partition assigned and all of them paused. */
    boolean allPaused() {
        return !partitions.isEmpty() && partitions.values().stream().allMatch(w -> w.paused);
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = PartitionWork.commitPoints(partitions.values());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (done, error) -> {
            if (error != null) {
                counters.failed("commit failed: " + error);
                done.keySet().forEach(tp -> {
                    PartitionWork w = partitions.get(tp);
                    if (w != null) {
                        w.committed = -1; // send it again next time
                    }
                });
            }
        });
    }

    private void refreshLag() {
        List<PartitionLag> now = new ArrayList<>();
        for (PartitionWork work : partitions.values()) {
            OptionalLong unread = consumer.currentLag(work.partition);
            if (unread.isPresent()) {
                work.unread = unread.getAsLong();
            }
            now.add(new PartitionLag(work.partition.topic(), work.partition.partition(), work.unread + work.unfinished()));
        }
        lag = List.copyOf(now);
        brokerLost = silence.lost(consumer, clock.instant());
    }

    /**
     * Connected once, but the consumer holds no connection to any broker now, or has heard nothing from one for a
     * while ({@link BrokerSilence}); it keeps trying by itself.
     */
    boolean brokerLost() {
        return brokerLost;
    }

    List<PartitionLag> lag() {
        return lag;
    }

    /**
     * Partitions came or went (inside poll, or a close): the lag of those gone is dropped now, and the lag is
     * read again at the end of this pass rather than up to a lag interval later, so a status shows the partitions
     * held right after a rebalance.
     */
    void partitionsChanged() {
        lag = lag.stream().filter(l -> partitions.containsKey(new TopicPartition(l.topic(), l.partition()))).toList();
        nextLag = clock.instant();
    }

    /** Close: drain and commit every partition, as if all were revoked. */
    void drainAll() {
        rebalance.onPartitionsRevoked(new ArrayList<>(partitions.keySet()));
    }
}
