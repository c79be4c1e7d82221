package io.stoker.runtime.trigger;

import io.stoker.runtime.spec.KafkaTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Runs one Kafka trigger of one function: every record of its topics becomes a call of the function, at least
 * once, ordered as the trigger says, retried, dead-lettered or replied to; offsets are committed only up to
 * records that are finished.
 * <p>
 * Threads: {@link #start()} starts one poll thread that owns the consumer and all state; call answers, producer
 * acks and retry timers (on the given scheduler) reach it through a queue. {@link #status()} and
 * {@link #totalLag()} may be called from any thread. {@link #close()} is bounded: it waits at most
 * {@link RunnerSettings#drainWait()} for calls in flight, commits what finished and closes the clients.
 * <p>
 * An unreachable broker never makes it fail: it reports {@link TriggerState#WAITING_FOR_BROKER} and keeps trying
 * (1 s, doubling up to 10 s) until the broker answers; a broker lost later is reported the same way while the
 * consumer reconnects by itself.
 */
public final class KafkaTriggerRunner implements AutoCloseable {

    /** The call timeout when none is given. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(KafkaTriggerRunner.class);
    private static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);

    private final String function;
    private final KafkaTrigger trigger;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final RunnerSettings settings;
    private final TriggerCounters counters;
    private final Inbox inbox = new Inbox(this::wakeUp);
    private final RecordFlow flow;
    private final Clock clock;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile PollLoop loop;
    private Producer<byte[], byte[]> producer;
    private volatile TriggerState state = TriggerState.STARTING;
    /** When the poll thread's current pass began (the clock's millis); 0 between passes. */
    private volatile long passStartedMillis;
    private volatile boolean closing;
    private Thread thread;

    /** Real Kafka clients from {@code clientConfig} (bootstrap.servers, security…), 30 s per call. */
    public KafkaTriggerRunner(String function, KafkaTrigger trigger, Map<String, Object> clientConfig,
                              RecordInvoker invoker, Clock clock, ScheduledExecutorService scheduler,
                              RandomGenerator random) {
        this(function, trigger, clientConfig, invoker, clock, scheduler, random, DEFAULT_CALL_TIMEOUT);
    }

    /** Real Kafka clients from {@code clientConfig}, with this deadline per call. */
    public KafkaTriggerRunner(String function, KafkaTrigger trigger, Map<String, Object> clientConfig,
                              RecordInvoker invoker, Clock clock, ScheduledExecutorService scheduler,
                              RandomGenerator random, Duration callTimeout) {
        this(function, trigger, () -> new KafkaConsumer<>(TriggerClients.consumer(function, trigger, clientConfig)),
                () -> new KafkaProducer<>(TriggerClients.producer(function, clientConfig)), invoker, clock,
                Delayer.of(scheduler), random, RunnerSettings.defaults(callTimeout));
    }

    /**
     * Clients from these factories (e.g. MockConsumer and MockProducer in tests). A real consumer must be configured
     * as the other constructors do: group {@code trigger.groupFor(function)}, {@code enable.auto.commit=false},
     * {@code auto.offset.reset} from {@code trigger.from()}, byte-array deserializers.
     */
    public KafkaTriggerRunner(String function, KafkaTrigger trigger, Supplier<Consumer<byte[], byte[]>> consumers,
                              Supplier<Producer<byte[], byte[]>> producers, RecordInvoker invoker, Clock clock,
                              ScheduledExecutorService scheduler, RandomGenerator random, RunnerSettings settings) {
        this(function, trigger, consumers, producers, invoker, clock, Delayer.of(scheduler), random, settings);
    }

    KafkaTriggerRunner(String function, KafkaTrigger trigger, Supplier<Consumer<byte[], byte[]>> consumers,
                       Supplier<Producer<byte[], byte[]>> producers, RecordInvoker invoker, Clock clock,
                       Delayer delayer, RandomGenerator random, RunnerSettings settings) {
        this.function = function;
        this.trigger = trigger;
        this.consumers = consumers;
        this.producers = producers;
        this.settings = settings;
        this.clock = clock;
        this.counters = new TriggerCounters(clock);
        this.flow = new RecordFlow(function, trigger, invoker, this::producer, inbox, delayer,
                new RetryPolicy(trigger.retry(), random), settings, counters, clock);
    }

    /** Starts the poll thread; returns at once. */
    public synchronized void start() {
        if (thread != null || closing) {
            throw new IllegalStateException("trigger of " + function + " on " + trigger.topics()
                    + (closing ? " is closed" : " is already started"));
        }
        thread = new Thread(this::run, "stoker-trigger-" + function);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long backoff = 1_000;
        boolean connected = false;
        while (!closing) {
            try {
                PollLoop l = loop();
                if (!connected) {
                    connected = l.connect();
                    backoff = 1_000;
                }
                passStartedMillis = clock.millis();
                try {
                    l.runOnce();
                } finally {
                    passStartedMillis = 0;
                }
                state = l.brokerLost() ? TriggerState.WAITING_FOR_BROKER
                        : l.allPaused() ? TriggerState.PAUSED : TriggerState.RUNNING;
            } catch (WakeupException e) {
                // close() woke us, or an answer arrived while polling: either way, go round again
            } catch (RuntimeException e) {
                counters.failed(e.toString());
                if (closing) {
                    break;
                }
                if (!connected) {
                    state = TriggerState.WAITING_FOR_BROKER;
                    LOG.debugf("trigger of %s: broker not reachable yet (%s); again in %d ms", function, e, backoff);
                    await(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                } else {
                    LOG.warnf(e, "trigger of %s on %s", function, trigger.topics());
                    await(1_000);
                }
            }
        }
        shutdown();
    }

    private void await(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** The poll loop, with its consumer created on first use (on the poll thread, or the test's thread). */
    PollLoop loop() {
        if (loop == null) {
            consumer = consumers.get();
            loop = new PollLoop(trigger, consumer, inbox, flow, clock, settings, counters);
        }
        return loop;
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    private void wakeUp() {
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Stops polling, waits (bounded) for calls in flight, commits what finished, closes the clients. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            t = thread;
        }
        stopping.countDown();
        if (t == null) {
            shutdown(); // never started (or driven by a test): clean up here
            return;
        }
        wakeUp();
        try {
            t.join(settings.drainWait().plus(CLIENT_CLOSE).plus(CLIENT_CLOSE).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warnf("trigger of %s did not stop in time; leaving its thread behind", function);
        }
    }

    private void shutdown() {
        PollLoop l = loop;
        try {
            if (l != null) {
                l.drainAll();
            }
        } catch (RuntimeException e) {
            counters.failed("closing: " + e);
        }
        closeQuietly(consumer == null ? null : () -> consumer.close(CLIENT_CLOSE));
        Producer<byte[], byte[]> p;
        synchronized (this) {
            p = producer;
        }
        closeQuietly(p == null ? null : () -> p.close(CLIENT_CLOSE));
        state = TriggerState.STOPPED;
    }

    private void closeQuietly(Runnable close) {
        try {
            if (close != null) {
                close.run();
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "closing a Kafka client of the trigger of %s", function);
        }
    }

    /**
     * The state to show. A pass of the poll loop blocks only in the broker's client (a poll, a commit, a reply's
     * send), and a live broker answers within a second; a pass stuck for longer than the broker's silence limit is
     * a broker away, even before the pass returns to say so (seen: a pass waiting 20 s on reply sends while the
     * broker was stopped, the state still RUNNING).
     */
    private TriggerState shownState() {
        TriggerState shown = state;
        long started = passStartedMillis;
        boolean stuck = started != 0 && clock.millis() - started > BrokerSilence.QUIET.toMillis();
        return stuck && shown != TriggerState.STOPPED ? TriggerState.WAITING_FOR_BROKER : shown;
    }

    /** A snapshot: state, lag per partition, counters, last error. */
    public TriggerStatus status() {
        PollLoop l = loop;
        TriggerCounters.Failure error = counters.lastError();
        return new TriggerStatus(function, trigger.topics(), trigger.groupFor(function), shownState(),
                l == null ? List.of() : l.lag(), counters.received.get(), counters.succeeded.get(),
                counters.retried.get(), counters.platformRetried.get(), counters.deadLettered.get(), counters.dropped.get(), counters.inFlight.get(),
                error == null ? null : error.text(), error == null ? null : error.at());
    }

    /** Records behind over all assigned partitions (not read yet, or read and not finished): for the autoscaler. */
    public long totalLag() {
        PollLoop l = loop;
        return l == null ? 0 : l.lag().stream().mapToLong(PartitionLag::lag).sum();
    }
}
