package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryReportTest {

    @Test
    void takesTheGoalRowsOfTheWarmThroughputSection() {
        String warm = "\n| target | req/s |\n|---|---|\n| gateway | 1 |\n\n### Against the goals\n\n"
                + "| goal | target | now | |\n|---|---|---|---|\n| a | ≥ 1 | 0.5 | **not met** |\n| b | ≤ 2 | 1 | met |\n\n";
        assertThat(SummaryReport.goalRows(warm))
                .containsExactly("| a | ≥ 1 | 0.5 | **not met** |", "| b | ≤ 2 | 1 | met |");
        assertThat(SummaryReport.goalRows(null)).isEmpty();
    }
}
