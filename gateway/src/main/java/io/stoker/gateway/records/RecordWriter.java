package io.stoker.gateway.records;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;

/**
 * The recorder: calls hand their records to a bounded lock-free queue ({@link #offer} is one compare-and-set, never
 * waits, wakes nobody); one writer thread wakes every {@value #TICK_MS} ms, takes what came in batches and stores each
 * batch at once. Nobody signals the writer on purpose: waking it per record (a blocking queue's poll) cost a context
 * switch per call, and its batches were then of one record. When the store falls behind (or fails), the queue fills
 * and further records are dropped and counted, so a slow store never slows a call. Between batches, the same thread
 * runs the store's upkeep (retention), so the store has one writer.
 */
public final class RecordWriter implements CallRecorder, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecordWriter.class);
    /** How long the writer sleeps once it has taken everything; records wait for the store about this long. */
    static final long TICK_MS = 50;
    /** After a failed write, the writer waits this long before the next: a store that is away is not hammered. */
    private static final long FAILED_PAUSE_MS = 1000;
    private static final long LOG_EVERY_MS = 30_000;

    private final MessagePassingQueue<CallRecord> queue;
    private final RecordSink sink;
    private final int batchSize;
    private final Counter dropped;
    private final Counter written;
    private final Runnable upkeep;
    private final Runnable atStart;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastLogged;

    /**
     * @param queueSize records the queue holds, rounded up to a power of two (the lock-free queue's own sizing)
     * @param upkeep run by the writer thread between batches and when idle (at least every tick); it decides itself
     *     whether anything is due
     * @param atStart run first by the writer thread (to lower its OS priority, {@link ThreadNice})
     */
    public RecordWriter(RecordSink sink, int queueSize, int batchSize, Counter dropped, Counter written,
                        Runnable upkeep, Runnable atStart) {
        this.queue = new MpscArrayQueue<>(Math.max(2, queueSize));
        this.sink = sink;
        this.batchSize = batchSize;
        this.dropped = dropped;
        this.written = written;
        this.upkeep = upkeep;
        this.atStart = atStart;
        this.thread = new Thread(this::run, "stoker-records-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void offer(CallRecord record) {
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    /** Records waiting to be written. */
    public int queued() {
        return queue.size();
    }

    /** The records the queue holds at most (the size asked for, rounded up to a power of two). */
    public int capacity() {
        return queue.capacity();
    }

    private void run() {
        try {
            atStart.run();
        } catch (RuntimeException e) {
            LOG.warnf("record writer start hook failed: %s", e.toString());
        }
        List<CallRecord> batch = new ArrayList<>(batchSize);
        while (true) {
            boolean last = !running; // read before draining: what was offered before close() is taken below
            int taken = queue.drain(batch::add, batchSize);
            if (taken > 0) {
                store(batch);
                batch.clear();
            }
            runUpkeep();
            if (taken < batchSize) { // caught up
                if (last && queue.isEmpty()) {
                    return;
                }
                if (running) {
                    LockSupport.parkNanos(TICK_MS * 1_000_000L);
                }
            }
        }
    }

    private void store(List<CallRecord> batch) {
        try {
            sink.write(batch);
            written.increment(batch.size());
        } catch (Exception e) {
            dropped.increment(batch.size());
            long now = System.currentTimeMillis();
            if (now - lastLogged >= LOG_EVERY_MS) {
                lastLogged = now;
                LOG.warnf("call records could not be stored (%d dropped, counted in stoker_records_dropped_total;"
                        + " logged at most every 30 s): %s", batch.size(), e.toString());
            }
            if (running) {
                pause();
            }
        }
    }

    private void runUpkeep() {
        try {
            upkeep.run();
        } catch (RuntimeException e) {
            LOG.warnf("record store upkeep failed: %s", e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(FAILED_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops the writer (waits up to 10 s for it). */
    @Override
    public void close() {
        // Not interrupted: an interrupt in the middle of a write may close a store's file channel. Unparked: the writer sees
        // the flag at once if it sleeps, else after the batch it is writing.
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
