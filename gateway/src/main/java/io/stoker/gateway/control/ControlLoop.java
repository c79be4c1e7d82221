package io.stoker.gateway.control;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.kafka.TriggerManager;
import io.stoker.gateway.kafka.TriggerStatusEvents;
import io.stoker.gateway.registry.FunctionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The gateway's one control thread ({@code stoker-control}): every {@code stoker.control.interval} it runs a
 * {@link ControlPass} over all functions at one {@link Tick}. It replaces four 1-second threads that acted on the same
 * pools at unrelated moments (the autoscaler's, the reaper's, the trigger lag's and the trigger status's), so a
 * reap always sees the desired count decided in the same pass, and every part of a pass agrees on the time.
 */
@ApplicationScoped
public class ControlLoop {

    private static final Logger LOG = Logger.getLogger(ControlLoop.class);

    private final ControlPass pass;
    private final TickSource ticks;
    private final Duration interval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stoker-control");
        t.setDaemon(true);
        return t;
    });

    public ControlLoop(FunctionRegistry registry, TriggerManager triggers, TriggerStatusEvents status,
                       Autoscaling autoscaling, StokerConfig config, Clock clock) {
        this.interval = config.control().interval();
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("stoker.control.interval must be positive, was " + interval);
        }
        this.ticks = new TickSource(clock, System::nanoTime);
        this.pass = new ControlPass(() -> registry.all().stream().map(ControlledFunction::of).toList(),
                new KafkaUpkeep(triggers, status), autoscaling);
    }

    void start(@Observes StartupEvent event) {
        long every = interval.toNanos();
        thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            pass.tick(ticks.now());
        } catch (RuntimeException e) { // the pass guards each step; an escape must not end the loop for good
            LOG.warnf(e, "control pass failed");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    /** The Kafka side of a pass: the trigger manager's lag, the status publisher's changes. */
    private record KafkaUpkeep(TriggerManager triggers, TriggerStatusEvents status) implements TriggerUpkeep {

        @Override
        public void refreshLag() {
            triggers.refreshLag();
        }

        @Override
        public long lag(String function) {
            return triggers.lag(function);
        }

        @Override
        public void publishChanges(Instant at) {
            status.publishChanges(at);
        }
    }
}
