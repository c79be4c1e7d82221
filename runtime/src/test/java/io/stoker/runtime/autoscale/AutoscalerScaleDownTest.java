package io.stoker.runtime.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.autoscale.LoadRun.Row;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scale-down decisions walked on virtual time: a slow decline, flapping load, scale to zero, min. */
class AutoscalerScaleDownTest {

    private static final int LIMIT = 16;
    private static final double TARGET = 11.2;

    private static int want(double average) {
        return (int) Math.ceil(average / TARGET - 1e-9);
    }

    @Test
    void slowDeclineFollowsTheStableAverageDownward() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 20), LIMIT, 9);
        run.run(0, 120, t -> 100);
        assertThat(run.row(119).decision().desired()).isEqualTo(9);
        List<Row> decline = run.run(120, 420, t -> 100 - (t - 120) / 3);

        for (Row r : decline) {
            assertThat(r.decision().panicking()).isFalse();
            assertThat(r.decision().desired()).as("t=%d", r.t())
                    .isEqualTo(want(r.decision().stableAverage()))
                    .isGreaterThanOrEqualTo((r.ready() + 1) / 2)
                    .isLessThanOrEqualTo(r.ready());
        }
        assertThat(decline.get(decline.size() - 1).decision().desired()).isEqualTo(1);
    }

    @Test
    void scaleDownAtMostHalvesPerStep() {
        // E.g. instances adopted after a gateway restart: 16 ready, almost no demand.
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 20), LIMIT, 16);
        List<Row> rows = run.run(0, 6, t -> 1);
        assertThat(rows.stream().map(r -> r.decision().desired())).containsExactly(8, 4, 2, 1, 1, 1);
        assertThat(rows.get(0).decision().reason()).contains("down from 16 to 8");
    }

    @Test
    void flappingLoadDoesNotMakeTheCountOscillate() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 20), LIMIT, 1);
        run.run(0, 60, t -> 10);
        List<Row> flapping = run.run(60, 400, t -> (t / 5) % 2 == 0 ? 80 : 10);
        System.out.println("10, then 80 / 10 alternating every 5 s from t=60\n" + run.table());

        // The first burst panics up to 7 (last panic-worthy tick 60 s); from 120 s the 45 average (→ 5) rules.
        List<Integer> counts = flapping.stream().map(r -> r.decision().desired()).toList();
        assertThat(counts.stream().mapToInt(Integer::intValue).max().getAsInt()).isEqualTo(7);
        assertThat(run.row(119).decision().panicking()).isTrue();
        assertThat(run.row(120).decision().panicking()).isFalse();
        int reversals = 0;
        int direction = 0;
        for (int i = 1; i < counts.size(); i++) {
            int d = Integer.signum(counts.get(i) - counts.get(i - 1));
            if (d != 0 && direction != 0 && d != direction) {
                reversals++;
            }
            direction = d != 0 ? d : direction;
        }
        assertThat(reversals).as("up, then down, never back up").isEqualTo(1);
        List<Row> settled = flapping.subList(200, flapping.size());
        assertThat(settled).allSatisfy(r -> {
            assertThat(r.decision().desired()).isEqualTo(5);
            assertThat(r.decision().panicking()).isFalse();
        });
    }

    @Test
    void flappingAroundASteadyCountChangesNothing() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 20), LIMIT, 5);
        run.run(0, 60, t -> 45);
        List<Row> flapping = run.run(60, 300, t -> (t / 3) % 2 == 0 ? 80 : 10);
        assertThat(flapping).allSatisfy(r -> {
            assertThat(r.decision().desired()).isEqualTo(5);
            assertThat(r.decision().panicking()).isFalse();
        });
    }

    @Test
    void scalesToZeroOnlyAfterTheStableWindowAndTheGrace() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 0, 10), LIMIT, 2);
        run.run(0, 30, t -> 20);
        List<Row> idle = run.run(30, 200, t -> 0);
        // The 60-s window last sees demand at 89 s (bucket 30 is 0): idle from 89 s, zero at 89 + 30 s.
        assertThat(idle).filteredOn(r -> r.t() < 119).allSatisfy(r -> assertThat(r.decision().desired()).isPositive());
        assertThat(idle).filteredOn(r -> r.t() >= 89 && r.t() < 119)
                .allSatisfy(r -> assertThat(r.decision().desired()).isEqualTo(1));
        assertThat(run.row(118).decision().reason()).contains("keeping one instance");
        assertThat(idle).filteredOn(r -> r.t() >= 119).allSatisfy(r -> assertThat(r.decision().desired()).isZero());

        Row wake = run.at(200, 1, 0);
        assertThat(wake.ready()).isZero();
        assertThat(wake.decision().desired()).isEqualTo(1);
    }

    @Test
    void zeroGraceOfZeroScalesToZeroAsSoonAsTheStableWindowIsEmpty() {
        AutoscalerSettings settings = AutoscalerSettings.fromSpec(spec(0), 0.7,
                Duration.ofSeconds(60), Duration.ofSeconds(6), Duration.ZERO);
        LoadRun run = new LoadRun(settings, LIMIT, 1);
        run.run(0, 10, t -> 3);
        run.run(10, 100, t -> 0);
        assertThat(run.row(68).decision().desired()).isEqualTo(1);
        assertThat(run.row(69).decision().desired()).isZero();
    }

    @Test
    void neverBelowMinWhenMinIsAboveZero() {
        LoadRun run = new LoadRun(AutoscalerSettings.of(LIMIT, 2, 10), LIMIT, 4);
        run.run(0, 30, t -> 40);
        List<Row> idle = run.run(30, 400, t -> 0);
        assertThat(idle).allSatisfy(r -> assertThat(r.decision().desired()).isGreaterThanOrEqualTo(2));
        assertThat(run.row(399).decision().desired()).isEqualTo(2);
        assertThat(run.row(399).decision().reason()).contains("bounded to [2, 10]");
    }

    private static io.stoker.runtime.spec.FunctionSpec spec(int min) {
        return new io.stoker.runtime.spec.FunctionSpec("f", "java", "", "", 8080, java.util.Map.of(), "",
                new io.stoker.runtime.spec.FunctionSpec.Limits(1L << 28, 1, Duration.ofSeconds(30), LIMIT),
                new io.stoker.runtime.spec.FunctionSpec.Scale(min, 10, Duration.ofMinutes(5)), "");
    }
}
