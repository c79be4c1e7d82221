package io.stoker.runtime.trigger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the record that crashes its instance among many in flight. A crash shared by several records cannot say which
 * one caused it, so each of them becomes a suspect (see {@link RecordFlow}) and is called again <em>alone</em>: no
 * other call of this trigger is out while a suspect's call is, so a crash then is that record's own. Meanwhile other
 * calls wait here, in order, and go out again once no suspect is left. Like bisecting a failed batch, down to one.
 *
 * <p>Poll thread only.
 */
final class Isolation {

    private int callsOut;
    private Flight solo;
    private final ArrayDeque<Flight> suspects = new ArrayDeque<>();
    private final ArrayDeque<Flight> held = new ArrayDeque<>();

    /** Whether {@code f} may be called now; if not it waits here until {@link #answered} hands it back. */
    boolean mayCall(Flight f) {
        if (f.suspect) {
            if (solo == null && callsOut == 0) {
                solo = f;
                callsOut++;
                return true;
            }
            suspects.add(f);
            return false;
        }
        if (isolating()) {
            held.add(f);
            return false;
        }
        callsOut++;
        return true;
    }

    /** A call's answer came; returns the records to call now, in order (counted as out already). */
    List<Flight> answered(Flight f) {
        callsOut--;
        if (f == solo) {
            solo = null;
        }
        if (solo != null || callsOut > 0) {
            return List.of();
        }
        for (Flight next = suspects.poll(); next != null; next = suspects.poll()) {
            if (live(next)) {
                solo = next;
                callsOut++;
                return List.of(next);
            }
        }
        List<Flight> release = new ArrayList<>(held.size());
        for (Flight h : held) {
            if (live(h)) {
                release.add(h);
            }
        }
        held.clear();
        callsOut += release.size();
        return release;
    }

    /** A suspect is out alone or waits for its turn: other calls wait too. */
    boolean isolating() {
        return solo != null || !suspects.isEmpty();
    }

    /** Calls out now, for tests. */
    int callsOut() {
        return callsOut;
    }

    /** A record of a partition being revoked or gone is left for whoever reads it next. */
    private static boolean live(Flight f) {
        return !f.work.gone && !f.work.draining;
    }
}
