package io.stoker.runtime.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoscalerSettingsTest {

    private static final Duration S60 = Duration.ofSeconds(60);
    private static final Duration S6 = Duration.ofSeconds(6);
    private static final Duration S30 = Duration.ofSeconds(30);

    private static FunctionSpec spec(int concurrency, int min, int max) {
        return new FunctionSpec("hello", "java", "", "", 8080, Map.of(), "",
                new FunctionSpec.Limits(256L << 20, 1.0, Duration.ofSeconds(30), concurrency),
                new FunctionSpec.Scale(min, max, Duration.ofMinutes(5)), "");
    }

    @Test
    void fromSpecAimsAtSeventyPercentOfTheConcurrencyLimit() {
        AutoscalerSettings s = AutoscalerSettings.fromSpec(spec(16, 1, 7));
        assertThat(s.targetConcurrency()).isCloseTo(11.2, within(1e-9));
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(7);
        assertThat(s.stableWindow()).isEqualTo(S60);
        assertThat(s.panicWindow()).isEqualTo(S6);
        assertThat(s.panicThreshold()).isEqualTo(2.0);
        assertThat(s.zeroGrace()).isEqualTo(S30);
        assertThat(s.maxScaleDownRate()).isEqualTo(2.0);
        assertThat(s.lagRecordsPerInstance()).isEqualTo(100);
    }

    @Test
    void fromSpecTakesTheKeysTheSpecDoesNotHaveYet() {
        AutoscalerSettings s = AutoscalerSettings.fromSpec(spec(10, 0, 3), 0.5, Duration.ofSeconds(30),
                Duration.ofSeconds(3), Duration.ZERO);
        assertThat(s.targetConcurrency()).isEqualTo(5.0);
        assertThat(s.stableWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.panicWindow()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.zeroGrace()).isZero();
        assertThat(s.withLagRecordsPerInstance(7).lagRecordsPerInstance()).isEqualTo(7);
    }

    @Test
    void rejectsInconsistentSettingsNamingTheField() {
        assertThatThrownBy(() -> AutoscalerSettings.fromSpec(spec(16, 0, 3), 0, S60, S6, S30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetFraction");
        assertThatThrownBy(() -> AutoscalerSettings.fromSpec(spec(16, 0, 3), 1.5, S60, S6, S30))
                .hasMessageContaining("targetFraction");
        assertThatThrownBy(() -> AutoscalerSettings.fromSpec(spec(16, 0, 3), 0.7, S6, S60, S30))
                .hasMessageContaining("stableWindow").hasMessageContaining("panicWindow");
        assertThatThrownBy(() -> AutoscalerSettings.fromSpec(spec(16, 0, 3), 0.7, S60, Duration.ofMillis(100), S30))
                .hasMessageContaining("panicWindow");
        assertThatThrownBy(() -> AutoscalerSettings.fromSpec(spec(16, 0, 3), 0.7, S60, S6, Duration.ofSeconds(-1)))
                .hasMessageContaining("zeroGrace");
        assertThatThrownBy(() -> new AutoscalerSettings(11.2, S60, S6, 1.0, S30, 2.0, 100, 0, 3))
                .hasMessageContaining("panicThreshold");
        assertThatThrownBy(() -> new AutoscalerSettings(11.2, S60, S6, 2.0, S30, 1.0, 100, 0, 3))
                .hasMessageContaining("maxScaleDownRate");
        assertThatThrownBy(() -> new AutoscalerSettings(0, S60, S6, 2.0, S30, 2.0, 100, 0, 3))
                .hasMessageContaining("targetConcurrency");
        assertThatThrownBy(() -> new AutoscalerSettings(11.2, S60, S6, 2.0, S30, 2.0, 0, 0, 3))
                .hasMessageContaining("lagRecordsPerInstance");
        assertThatThrownBy(() -> new AutoscalerSettings(11.2, S60, S6, 2.0, S30, 2.0, 100, 4, 3))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> new AutoscalerSettings(11.2, S60, S6, 2.0, S30, 2.0, 100, -1, 3))
                .hasMessageContaining("min");
    }

    @Test
    void observationRejectsNegativeCounts() {
        assertThatThrownBy(() -> Observation.of(1, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> Observation.of(1, Double.NaN, 0)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> Observation.of(1, 0, 0).withKafkaLag(-5)).hasMessageContaining("kafkaLag");
        assertThat(Observation.of(2, 3, 4).withKafkaLag(9)).isEqualTo(new Observation(2, 3, 4, 9));
    }
}
