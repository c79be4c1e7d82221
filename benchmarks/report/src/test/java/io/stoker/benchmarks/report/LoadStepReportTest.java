package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadStepReportTest {

    private static Map<String, String> sample(int t, int starting, int ready, int busy, String desired) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("t_ms", "" + t);
        s.put("starting", "" + starting);
        s.put("ready", "" + ready);
        s.put("busy", "" + busy);
        s.put("total", "" + (starting + ready + busy));
        s.put("desired", desired);
        return s;
    }

    @Test
    void reactionIsReadOffTheSamplesAgainstTheLastOneBeforeTheStep() {
        List<Map<String, String>> samples = List.of(
                sample(0, 0, 2, 0, "1"), sample(750, 0, 1, 0, "1"),
                sample(1000, 0, 0, 1, "1"), sample(1250, 3, 0, 1, "4"), sample(1500, 2, 1, 1, "4"),
                sample(1750, 0, 2, 2, "4"), sample(9000, 0, 9, 0, "")); // after the step's end: ignored
        LoadStepReport.Reaction r = LoadStepReport.reaction(samples, 1000, 2000);
        assertThat(r.servingBefore()).isEqualTo(1);
        assertThat(r.firstNewInstanceMs()).isEqualTo(250);
        assertThat(r.firstNewServingMs()).isEqualTo(500);
        assertThat(r.servingMax()).isEqualTo(4);
        assertThat(r.maxServingMs()).isEqualTo(750);
        assertThat(r.maxDesired()).isEqualTo(4);
    }

    @Test
    void noNewInstanceIsNaN() {
        List<Map<String, String>> samples = List.of(sample(0, 0, 1, 0, "1"), sample(1500, 0, 0, 1, "1"));
        LoadStepReport.Reaction r = LoadStepReport.reaction(samples, 1000, 2000);
        assertThat(r.firstNewServingMs()).isNaN();
        assertThat(r.firstNewInstanceMs()).isNaN();
    }
}
