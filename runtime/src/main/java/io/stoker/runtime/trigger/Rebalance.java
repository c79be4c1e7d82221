package io.stoker.runtime.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Partitions coming and going. On revoke it drains them, bounded by {@link RunnerSettings#drainWait()}: it waits
 * for the calls and writes in flight, and still starts the waiting records that lie below the highest finished
 * one (records of other keys overtook them), so the commit point can pass every record already finished and the
 * next owner calls none of them again. Then it commits and drops the rest, which the next owner reads again (at
 * least once). Called by the consumer inside poll, so on the poll thread.
 */
final class Rebalance implements ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(Rebalance.class);
    /** How often a drain looks whether the broker is still there. */
    private static final Duration BROKER_CHECK = Duration.ofMillis(200);

    private final Map<TopicPartition, PartitionWork> partitions;
    private final Consumer<byte[], byte[]> consumer;
    private final Inbox inbox;
    private final RecordFlow flow;
    private final Starts starts;
    private final RunnerSettings settings;
    private final TriggerCounters counters;
    /** Called after partitions were assigned or forgotten: the lag the runner reports must follow at once. */
    private final Runnable changed;

    Rebalance(Map<TopicPartition, PartitionWork> partitions, Consumer<byte[], byte[]> consumer, Inbox inbox,
              RecordFlow flow, Starts starts, RunnerSettings settings, TriggerCounters counters, Runnable changed) {
        this.partitions = partitions;
        this.consumer = consumer;
        this.inbox = inbox;
        this.flow = flow;
        this.starts = starts;
        this.settings = settings;
        this.counters = counters;
        this.changed = changed;
    }

    /** Tracking starts with the first record read (the position), so nothing is committed before it. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            partitions.putIfAbsent(tp, new PartitionWork(tp));
        }
        changed.run();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        inbox.polling(false); // no wake-ups from here on: they would break the commit below
        List<PartitionWork> works = works(revoked);
        Instant begin = Instant.now();
        int startedInDrain = drain(works);
        boolean brokerLost = BrokerConnections.lost(consumer);
        Map<TopicPartition, OffsetAndMetadata> offsets = brokerLost ? Map.of() : PartitionWork.commitPoints(works);
        if (!offsets.isEmpty()) {
            commitSync(offsets, 2);
        }
        if (!works.isEmpty()) {
            LOG.infof("handing over %s after %d ms (%d records started to close gaps): committed %s; %d records "
                            + "unfinished, %d of them still in a call%s", revoked,
                    Duration.between(begin, Instant.now()).toMillis(), startedInDrain, offsets,
                    works.stream().mapToInt(PartitionWork::unfinished).sum(),
                    works.stream().mapToInt(w -> w.outstanding).sum(),
                    brokerLost ? " (the broker is away: nothing can be committed)" : "");
        }
        forget(works);
    }

    /**
     * Waits for the calls and writes in flight and starts the records that close gaps below the highest finished
     * one, until nothing is left to wait for, the drain time is up, or the broker is lost (then neither the writes
     * nor the commit can complete, and waiting would only hold the poll thread); returns how many it started.
     */
    private int drain(List<PartitionWork> works) {
        works.forEach(PartitionWork::drain);
        Instant deadline = Instant.now().plus(settings.drainWait()); // real time: it bounds a real wait
        int startedInDrain = 0;
        try {
            while (true) {
                int started = works.stream().mapToInt(starts::startAllowed).sum();
                startedInDrain += started;
                Duration left = Duration.between(Instant.now(), deadline);
                if ((started == 0 && works.stream().noneMatch(w -> w.outstanding > 0)) || left.isNegative()
                        || BrokerConnections.lost(consumer)) {
                    return startedInDrain;
                }
                Inbox.Event e = inbox.next(left.compareTo(BROKER_CHECK) < 0 ? left : BROKER_CHECK);
                if (e != null) {
                    flow.handle(e); // answers of other partitions are handled as usual
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return startedInDrain;
        }
    }

    /** Lost (not revoked): another member may already have them, so nothing is committed. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        forget(works(lost));
    }

    private List<PartitionWork> works(Collection<TopicPartition> tps) {
        List<PartitionWork> works = new ArrayList<>();
        for (TopicPartition tp : tps) {
            PartitionWork w = partitions.get(tp);
            if (w != null) {
                works.add(w);
            }
        }
        return works;
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, int tries) {
        try {
            consumer.commitSync(offsets, settings.drainWait());
        } catch (WakeupException e) {
            if (tries > 1) { // a wake-up posted before this point lands here: not a reason to give up
                commitSync(offsets, tries - 1);
            }
        } catch (RuntimeException e) {
            counters.failed("commit on revoke failed: " + e);
        }
    }

    private void forget(List<PartitionWork> works) {
        for (PartitionWork w : works) {
            w.gone = true;
            counters.inFlight.addAndGet(-w.active);
            partitions.remove(w.partition);
        }
        changed.run();
    }
}
