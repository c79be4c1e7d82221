package io.stoker.runtime.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stoker.runtime.autoscale.LoadRun.Row;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scale-up decisions walked on virtual time: a load step, a spike and its panic, Kafka lag. */
class AutoscalerScaleUpTest {

    private static final int LIMIT = 16; // target 70 % → 11.2 concurrent calls per instance

    private static List<Integer> desired(List<Row> rows) {
        return rows.stream().map(r -> r.decision().desired()).toList();
    }

    @Test
    void loadStepFromOneToFiftyReachesFiveInstancesWithinThePanicWindow() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 10), LIMIT, 1);
        List<Row> calm = run.run(0, 60, t -> 1);
        assertThat(calm).allSatisfy(r -> {
            assertThat(r.decision().desired()).isEqualTo(1);
            assertThat(r.decision().panicking()).isFalse();
        });

        List<Row> step = run.run(60, 120, t -> 50);
        System.out.println("load step 1 -> 50, limit 16, target 11.2\n" + run.table());
        // The 6-s panic average climbs by 49/6 per second: it wants 2 at 61 s, which is 2 × ready → panic.
        assertThat(desired(step.subList(0, 6))).containsExactly(1, 2, 3, 4, 4, 5);
        assertThat(run.row(61).decision().panicking()).isTrue();
        assertThat(run.row(61).decision().reason()).startsWith("panic");
        // 50 / 11.2 = 4.46: five instances, and never more.
        assertThat(step.subList(5, step.size())).allSatisfy(r -> assertThat(r.decision().desired()).isEqualTo(5));
    }

    @Test
    void aSpikePanicsHoldsItsPeakForAStableWindowThenHalvesDown() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 20), LIMIT, 1);
        run.run(0, 70, t -> 5);
        run.run(70, 75, t -> 100); // five seconds of 100 concurrent calls
        run.run(75, 200, t -> 5);
        System.out.println("spike 5 -> 100 for 5 s\n" + run.table());

        assertThat(run.row(69).decision().panicking()).isFalse();
        assertThat(run.row(70).decision().panicking()).isTrue();
        // Last panic-worthy tick is 71 s (wants 4 with 2 ready): panic lasts until 71 + 60 s.
        List<Row> panic = run.rows().stream().filter(r -> r.decision().panicking()).toList();
        assertThat(panic.get(0).t()).isEqualTo(70);
        assertThat(panic.get(panic.size() - 1).t()).isEqualTo(130);
        assertThat(panic).hasSize(61);
        for (int i = 1; i < panic.size(); i++) {
            assertThat(panic.get(i).decision().desired())
                    .as("no scale-down while panicking, t=%d", panic.get(i).t())
                    .isGreaterThanOrEqualTo(panic.get(i - 1).decision().desired());
        }
        assertThat(run.row(130).decision().desired()).isEqualTo(8);
        // Out of panic the stable average (≈ 9.75 → 1 instance) decides, at most halving per step.
        assertThat(desired(run.rows().subList(131, 135))).containsExactly(4, 2, 1, 1);
        assertThat(run.row(199).decision().desired()).isEqualTo(1);
    }

    @Test
    void kafkaBacklogWithNothingInFlightStartsInstances() {
        AutoscalerSettings settings = AutoscalerSettings.of(LIMIT, 0, 10);
        Autoscaler scaler = new Autoscaler(settings);
        Instant t0 = LoadRun.START;
        // 500 records behind at 100 records per instance: five instances' worth, from zero → panic.
        Decision d = scaler.decide(t0, Observation.of(0, 0, 0).withKafkaLag(500));
        assertThat(d.desired()).isEqualTo(5);
        assertThat(d.panicking()).isTrue();
        assertThat(d.panicAverage()).isCloseTo(56.0, within(1e-9));
        // Nothing anywhere: stays at zero, starts nothing.
        assertThat(new Autoscaler(settings).decide(t0, Observation.of(0, 0, 0)).desired()).isZero();

        Autoscaler small = new Autoscaler(settings.withLagRecordsPerInstance(1000));
        Decision one = small.decide(t0, Observation.of(0, 0, 0).withKafkaLag(1));
        assertThat(one.desired()).isEqualTo(1);
        assertThat(one.panicking()).isFalse();
    }

    @Test
    void neverAboveMax() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 3), LIMIT, 1);
        List<Row> rows = run.run(0, 30, t -> 500);
        assertThat(rows).allSatisfy(r -> assertThat(r.decision().desired()).isBetween(1, 3));
        assertThat(rows.get(29).decision().desired()).isEqualTo(3);
        assertThat(rows.get(29).decision().reason()).contains("bounded to [0, 3]");
    }
}
