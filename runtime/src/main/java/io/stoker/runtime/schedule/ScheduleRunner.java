package io.stoker.runtime.schedule;

import io.stoker.runtime.pool.Timer;
import io.stoker.runtime.spec.ScheduleTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Fires the ticks of one schedule that this gateway holds: wakes on its timer at each tick, asks the
 * {@link TickPlanner} what is due, and turns each tick into a call through its {@link TickPorts}. Started from the
 * schedule's memory (the last tick handled, by any gateway), so a restart or a hand-over knows what was missed.
 */
public final class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    private final String function;
    private final ScheduleTrigger schedule;
    private final ScheduleTimes times;
    private final String key;
    private final Clock clock;
    private final Timer timer;
    private final Duration lateness;
    private final TickPorts ports;

    // Guarded by this.
    private Instant handled;
    private String lastCallId;
    private Instant lastScheduled;
    private TickOutcome lastOutcome;
    /** A tick's call not yet durable: the next tick overlaps it. */
    private boolean submitting;
    private Optional<Instant> next = Optional.empty();
    private Timer.Cancellable wake;
    private boolean stopped;

    /**
     * @param last the schedule's memory: the last tick handled by any gateway; null for a schedule never fired
     *     (which then fires nothing from before now)
     */
    public ScheduleRunner(String function, ScheduleTrigger schedule, ScheduleTimes times, LastTick last, Clock clock,
                          Timer timer, Duration lateness, TickPorts ports) {
        this.function = function;
        this.schedule = schedule;
        this.times = times;
        this.key = keyOf(function, schedule);
        this.clock = clock;
        this.timer = timer;
        this.lateness = lateness;
        this.ports = ports;
        // A last tick ahead of this clock (another gateway's clock runs ahead) is still handled: it fires no more.
        this.handled = last == null ? clock.instant() : last.scheduled();
        if (last != null) {
            this.lastScheduled = last.scheduled();
            this.lastCallId = last.callId();
        }
    }

    /** The key of a schedule's memory (and of its partition): the function and the schedule's id. */
    public static String keyOf(String function, ScheduleTrigger schedule) {
        return function + "/" + schedule.id();
    }

    /** Wakes at once (to catch up on what was missed), then at each tick. */
    public synchronized void start() {
        wake = timer.schedule(this::wake, Duration.ZERO);
    }

    /** Fires nothing more; a tick being fired finishes. */
    public synchronized void stop() {
        stopped = true;
        if (wake != null) {
            wake.cancel();
        }
    }

    public String key() {
        return key;
    }

    public ScheduleTrigger schedule() {
        return schedule;
    }

    /** What {@code describe} shows of it. */
    public synchronized ScheduleStatus status() {
        return new ScheduleStatus(schedule, next.orElse(null), lastScheduled, lastCallId, lastOutcome, true);
    }

    private synchronized void wake() {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        TickPlanner.Wake w = TickPlanner.at(times, handled, now, schedule.missed(), lateness);
        handled = now;
        if (w.missed() > 0) {
            ports.count(function, TickOutcome.MISSED, w.missed());
            lastOutcome = TickOutcome.MISSED;
        }
        for (Tick tick : w.fire()) {
            fire(tick);
        }
        next = w.next();
        next.ifPresent(at -> wake = timer.schedule(this::wake, Duration.between(clock.instant(), at)));
    }

    private void fire(Tick tick) {
        lastScheduled = tick.scheduled();
        if (schedule.overlap() == ScheduleTrigger.Overlap.SKIP
                && (submitting || (lastCallId != null && ports.running(lastCallId)))) {
            outcome(TickOutcome.SKIPPED);
            return;
        }
        try {
            ports.claim(key, new LastTick(tick.scheduled(), lastCallId));
        } catch (RuntimeException e) {
            // Not remembered, so not fired: a gateway taking over could not know, and would fire it again.
            LOG.warnf("tick of %s at %s not fired: it could not be remembered: %s", key, tick.scheduled(), e.toString());
            outcome(TickOutcome.FAILED);
            return;
        }
        submitting = true;
        ports.fire(function, schedule, tick).whenComplete((id, error) -> submitted(tick, id, error));
    }

    private synchronized void submitted(Tick tick, String id, Throwable error) {
        submitting = false;
        if (error != null) {
            LOG.warnf("tick of %s at %s not accepted: %s", key, tick.scheduled(), error.toString());
            outcome(TickOutcome.FAILED);
            return;
        }
        lastCallId = id;
        outcome(TickOutcome.FIRED);
        ports.note(key, new LastTick(tick.scheduled(), id));
    }

    private void outcome(TickOutcome outcome) {
        lastOutcome = outcome;
        ports.count(function, outcome, 1);
    }
}
