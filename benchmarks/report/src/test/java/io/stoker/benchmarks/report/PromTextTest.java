package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromTextTest {

    private static PromText histogram(double b01, double b02, double b04, double inf) {
        String l = "function=\"f\",kind=\"cold\"";
        return PromText.parse(List.of(
                "# HELP stoker_instance_start_seconds x",
                "stoker_instance_start_seconds_bucket{" + l + ",le=\"0.1\"} " + b01,
                "stoker_instance_start_seconds_bucket{" + l + ",le=\"0.2\"} " + b02,
                "stoker_instance_start_seconds_bucket{" + l + ",le=\"0.4\"} " + b04,
                "stoker_instance_start_seconds_bucket{" + l + ",le=\"+Inf\"} " + inf,
                "stoker_instance_start_seconds_bucket{function=\"g\",kind=\"cold\",le=\"0.1\"} 99",
                "stoker_instance_starts_total{" + l + "} " + inf));
    }

    @Test
    void readsValuesByLabels() {
        PromText p = histogram(1, 2, 3, 4);
        assertThat(p.value("stoker_instance_starts_total", Map.of("function", "f", "kind", "cold"))).isEqualTo(4);
        assertThat(p.value("stoker_instance_starts_total", Map.of("function", "h"))).isZero();
    }

    @Test
    void quantileOfTheObservationsBetweenSnapshotsIsInterpolatedInItsBucket() {
        Map<String, String> f = Map.of("function", "f", "kind", "cold");
        PromText before = histogram(1, 1, 1, 1);
        PromText after = histogram(1, 3, 5, 5); // in between: 2 in (0.1, 0.2], 2 in (0.2, 0.4]
        double median = PromText.quantile(0.5, before.buckets("stoker_instance_start_seconds", f),
                after.buckets("stoker_instance_start_seconds", f));
        assertThat(median).isCloseTo(0.2, within(1e-9));
        double q75 = PromText.quantile(0.75, before.buckets("stoker_instance_start_seconds", f),
                after.buckets("stoker_instance_start_seconds", f));
        assertThat(q75).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void nothingObservedIsNaN() {
        Map<String, String> f = Map.of("function", "f", "kind", "cold");
        PromText p = histogram(1, 2, 3, 4);
        assertThat(PromText.quantile(0.5, p.buckets("stoker_instance_start_seconds", f),
                p.buckets("stoker_instance_start_seconds", f))).isNaN();
    }
}
