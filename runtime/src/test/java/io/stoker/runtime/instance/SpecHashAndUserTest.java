package io.stoker.runtime.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.FunctionSpec;
import org.junit.jupiter.api.Test;

class SpecHashAndUserTest {

    @Test
    void theHashIsShortStableAndCoversTheImage() {
        FunctionSpec spec = TestSpecs.spec("hello", "stoker/hello:1", 8080, "", "");
        assertThat(SpecHash.of(spec)).matches("[0-9a-f]{16}").isEqualTo(SpecHash.of(TestSpecs.spec("hello", "stoker/hello:1", 8080, "", "")));
        assertThat(SpecHash.of(spec.withImage("stoker/hello:2"))).isNotEqualTo(SpecHash.of(spec));
        assertThat(SpecHash.of(TestSpecs.spec("hello", "stoker/hello:1", 8081, "", ""))).isNotEqualTo(SpecHash.of(spec));
    }

    @Test
    void userResolution() {
        assertThat(ImageUser.resolve("", "")).isEqualTo("65534:65534");
        assertThat(ImageUser.resolve(null, "root")).isEqualTo("65534:65534");
        assertThat(ImageUser.resolve("", "0:0")).isEqualTo("65534:65534");
        assertThat(ImageUser.resolve("", "app")).isEqualTo("app");
        assertThat(ImageUser.resolve("", "1000:1000")).isEqualTo("1000:1000");
        assertThat(ImageUser.resolve("0", "app")).isEqualTo("0");
    }
}
