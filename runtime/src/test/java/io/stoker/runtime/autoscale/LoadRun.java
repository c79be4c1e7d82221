package io.stoker.runtime.autoscale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * Walks an {@link Autoscaler} through virtual time, one tick per second, with an ideal pool: the ready
 * count at each tick is what the previous tick asked for. Calls beyond ready × limit are queued.
 */
final class LoadRun {

    /** One tick: second, offered load (concurrent calls), Kafka lag, ready instances, and the decision. */
    record Row(int t, int load, long lag, int ready, Decision decision) {}

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final Autoscaler autoscaler;
    private final int concurrencyLimit;
    private final List<Row> rows = new ArrayList<>();
    private int ready;

    LoadRun(AutoscalerSettings settings, int concurrencyLimit, int initialReady) {
        this.autoscaler = new Autoscaler(settings);
        this.concurrencyLimit = concurrencyLimit;
        this.ready = initialReady;
    }

    Row at(int t, int load, long lag) {
        int inFlight = Math.min(load, ready * concurrencyLimit);
        Observation obs = Observation.of(ready, inFlight, load - inFlight).withKafkaLag(lag);
        Decision d = autoscaler.decide(START.plusSeconds(t), obs);
        Row row = new Row(t, load, lag, ready, d);
        rows.add(row);
        ready = d.desired();
        return row;
    }

    /** Ticks {@code from} to {@code toExclusive} with the load given per second; returns those rows. */
    List<Row> run(int from, int toExclusive, IntUnaryOperator load) {
        List<Row> out = new ArrayList<>();
        for (int t = from; t < toExclusive; t++) {
            out.add(at(t, load.applyAsInt(t), 0));
        }
        return out;
    }

    List<Row> rows() {
        return rows;
    }

    Row row(int t) {
        return rows.stream().filter(r -> r.t() == t).findFirst().orElseThrow();
    }

    /** (t, observed, desired, panic) for the first and last rows and where ready, desired or panic changed. */
    String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s %5s %5s %7s %7s %7s %5s%n",
                "t", "load", "ready", "stable", "panicAv", "desired", "panic"));
        Row prev = null;
        for (Row r : rows) {
            boolean changed = prev == null || prev.ready() != r.ready()
                    || prev.decision().desired() != r.decision().desired()
                    || prev.decision().panicking() != r.decision().panicking();
            if (changed || r == rows.get(rows.size() - 1)) {
                sb.append(String.format(Locale.ROOT, "%5d %5d %5d %7.2f %7.2f %7d %5s%n", r.t(), r.load(), r.ready(),
                        r.decision().stableAverage(), r.decision().panicAverage(), r.decision().desired(),
                        r.decision().panicking() ? "yes" : "-"));
            }
            prev = r;
        }
        return sb.toString();
    }
}
