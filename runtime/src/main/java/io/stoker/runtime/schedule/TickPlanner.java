package io.stoker.runtime.schedule;

import io.stoker.runtime.spec.ScheduleTrigger.Missed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a schedule's timer fires when it wakes: a pure function of the schedule's times, the last time already
 * handled, now, and the missed-tick policy.
 *
 * <p>A tick at most {@code lateness} old is on time and fires (when the timer woke late and several are, only the
 * newest: a burst of identical calls helps nobody). Older ticks were missed (Stoker was down, or busy past the
 * lateness, or the schedule was handed to another gateway): {@code missed: once} fires one catch-up tick for all of
 * them, stamped with the newest missed time; {@code skip} fires none.
 */
public final class TickPlanner {

    /** Missed ticks are counted one by one up to this many per wake; past it the newest is found by probing. */
    static final int COUNT_CAP = 1000;

    private TickPlanner() {}

    /**
     * What to fire at a wake.
     *
     * @param fire the ticks to fire now, oldest first (at most a catch-up and an on-time tick)
     * @param missed ticks that will never fire (counted up to {@link #COUNT_CAP} and a little more)
     * @param next when the first tick after now falls; empty if the schedule has none left
     */
    public record Wake(List<Tick> fire, int missed, Optional<Instant> next) {}

    /** The ticks in ({@code handled}, {@code now}], and when to wake next. */
    public static Wake at(ScheduleTimes times, Instant handled, Instant now, Missed policy, Duration lateness) {
        Instant onTimeFrom = now.minus(lateness);
        int missed = 0;
        Instant newestMissed = null;
        Optional<Instant> t = times.next(handled);
        while (t.isPresent() && t.get().isBefore(onTimeFrom) && missed < COUNT_CAP) {
            missed++;
            newestMissed = t.get();
            t = times.next(newestMissed);
        }
        if (t.isPresent() && t.get().isBefore(onTimeFrom)) {
            // Too many to count: find the newest missed tick from the window's side.
            newestMissed = newestBefore(times, onTimeFrom, t.get());
            missed++;
            t = times.next(newestMissed);
        }
        Instant newestOnTime = null;
        while (t.isPresent() && !t.get().isAfter(now)) {
            if (newestOnTime != null) {
                missed++; // superseded by a newer on-time tick
            }
            newestOnTime = t.get();
            t = times.next(newestOnTime);
        }
        List<Tick> fire = new ArrayList<>(2);
        if (newestMissed != null && policy == Missed.ONCE) {
            fire.add(new Tick(newestMissed, true));
            missed--;
        }
        if (newestOnTime != null) {
            fire.add(new Tick(newestOnTime, false));
        }
        return new Wake(List.copyOf(fire), missed, t);
    }

    /** The newest tick before {@code limit}, given one ({@code known}) that is; probes back 1 s, 2 s, 4 s, … */
    private static Instant newestBefore(ScheduleTimes times, Instant limit, Instant known) {
        Duration gap = Duration.ofSeconds(1);
        while (true) {
            Instant probe = limit.minus(gap);
            Instant candidate = probe.isAfter(known) ? times.next(probe).orElse(limit) : known;
            if (candidate.isBefore(limit)) {
                Instant newest = candidate;
                for (Optional<Instant> n = times.next(newest); n.isPresent() && n.get().isBefore(limit); n = times.next(newest)) {
                    newest = n.get();
                }
                return newest;
            }
            gap = gap.multipliedBy(2);
        }
    }
}
