package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One pass of the poll thread: act on answers, start what the dispatcher allows, poll, pause or resume, commit,
 * refresh the lag. Every consumer call happens here (the consumer is not thread-safe); tests drive
 * {@link #runOnce()} directly with a MockConsumer.
 */
final class PollLoop implements ConsumerRebalanceListener {

    private final KafkaTrigger trigger;
    private final Consumer<byte[], byte[]> consumer;
    private final Inbox inbox;
    private final RecordFlow flow;
    private final Clock clock;
    private final RunnerSettings settings;
    private final TriggerCounters counters;
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private Instant nextCommit;
    private Instant nextLag;
    private volatile List<PartitionLag> lag = List.of();

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
    }

    /** Subscribes once the broker answers a metadata request; false (and nothing subscribed) when it does not. */
    boolean connect() {
        consumer.listTopics(settings.brokerCheck());
        consumer.subscribe(trigger.topics(), this);
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
            if (work != null) { // records of a partition revoked during this poll are not ours any more
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
            if (work.saturated || work.draining || work.waiting.isEmpty()) {
                continue;
            }
            List<Flight> start = Dispatcher.startable(trigger.ordering(), trigger.concurrency(), work.waiting,
                    f -> f.key, work.busyKeys, work.active);
            if (start.isEmpty()) {
                continue;
            }
            List<Flight> rest = new ArrayList<>(work.waiting.size() - start.size());
            var started = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Flight, Boolean>());
            started.addAll(start);
            for (Flight f : work.waiting) {
                if (!started.contains(f)) {
                    rest.add(f);
                }
            }
            work.waiting = rest;
            start.forEach(flow::start);
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

    private Map<TopicPartition, OffsetAndMetadata> commitPoints(Collection<PartitionWork> works) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionWork work : works) {
            OptionalLong point = work.offsets.commitPoint();
            if (point.isPresent() && point.getAsLong() != work.committed) {
                offsets.put(work.partition, new OffsetAndMetadata(point.getAsLong()));
                work.committed = point.getAsLong();
            }
        }
        return offsets;
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = commitPoints(partitions.values());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (done, error) -> {
            if (error != null) {
                counters.lastError = "commit failed: " + error;
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
    }

    List<PartitionLag> lag() {
        return lag;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            partitions.putIfAbsent(tp, new PartitionWork(tp));
        }
    }

    /** Waits (bounded) for what is in flight on these partitions, commits what finished, forgets the rest. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        inbox.polling(false); // no wake-ups from here on: they would break the commit below
        List<PartitionWork> works = new ArrayList<>();
        for (TopicPartition tp : revoked) {
            PartitionWork w = partitions.get(tp);
            if (w != null) {
                w.draining = true;
                works.add(w);
            }
        }
        Instant deadline = Instant.now().plus(settings.drainWait()); // real time: this bounds a real wait
        try {
            while (works.stream().anyMatch(w -> w.outstanding > 0) && Instant.now().isBefore(deadline)) {
                Inbox.Event e = inbox.next(Duration.between(Instant.now(), deadline));
                if (e != null) {
                    flow.handle(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = commitPoints(works);
        if (!offsets.isEmpty()) {
            commitSync(offsets, 2);
        }
        forget(works);
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, int tries) {
        try {
            consumer.commitSync(offsets, settings.drainWait());
        } catch (WakeupException e) {
            if (tries > 1) { // a wake-up posted before this point lands here: it is not a reason to give up
                commitSync(offsets, tries - 1);
            }
        } catch (RuntimeException e) {
            counters.lastError = "commit on revoke failed: " + e;
        }
    }

    /** Lost (not revoked): another member may already have it, so nothing is committed. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        List<PartitionWork> works = new ArrayList<>();
        lost.forEach(tp -> {
            PartitionWork w = partitions.get(tp);
            if (w != null) {
                works.add(w);
            }
        });
        forget(works);
    }

    private void forget(List<PartitionWork> works) {
        for (PartitionWork w : works) {
            w.gone = true;
            counters.inFlight.addAndGet(-w.active);
            partitions.remove(w.partition);
        }
        lag = lag.stream().filter(l -> partitions.containsKey(new TopicPartition(l.topic(), l.partition()))).toList();
    }

    /** Close: drain and commit every partition, as if all were revoked. */
    void drainAll() {
        onPartitionsRevoked(new ArrayList<>(partitions.keySet()));
    }
}
