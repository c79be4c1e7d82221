package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentilesAreNearestRankOfMeasuredValues() {
        List<Double> v = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(Stats.percentile(v, 50)).isEqualTo(5.0);
        assertThat(Stats.percentile(v, 90)).isEqualTo(9.0);
        assertThat(Stats.percentile(v, 100)).isEqualTo(10.0);
        assertThat(Stats.max(v)).isEqualTo(10.0);
        assertThat(Stats.min(v)).isEqualTo(1.0);
    }

    @Test
    void failedSamplesAreLeftOut() {
        assertThat(Stats.percentile(List.of(Double.NaN, 3.0, Double.NaN, 1.0), 50)).isEqualTo(1.0);
        assertThat(Stats.percentile(List.of(Double.NaN), 50)).isNaN();
        assertThat(Stats.max(List.of())).isNaN();
    }

    @Test
    void percentileOutOfRangeIsRefused() {
        assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 0)).hasMessageContaining("(0, 100]");
    }
}
