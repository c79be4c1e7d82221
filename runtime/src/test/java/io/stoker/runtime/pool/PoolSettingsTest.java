package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {

    @Test
    void backoffDoublesUpToTheCap() {
        var settings = new PoolSettings(10, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void defaults() {
        assertThat(PoolSettings.defaults().queueLimit()).isEqualTo(1000);
    }

    @Test
    void rejectsNonsenseNamingTheField() {
        assertThatThrownBy(() -> new PoolSettings(-1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("queueLimit");
        assertThatThrownBy(() -> new PoolSettings(1, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("launchRetryBackoff");
        assertThatThrownBy(() -> new PoolSettings(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxLaunchRetryBackoff");
    }
}
