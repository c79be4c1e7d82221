package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void countsInstancesByState() {
        String json = "{\"name\":\"f\",\"spec\":{\"scale\":{}},\"instances\":[{\"id\":\"a\",\"state\":\"READY\"},"
                + "{\"id\":\"b\",\"state\": \"BUSY\"},{\"id\":\"c\",\"state\":\"STARTING\"},{\"id\":\"d\",\"state\":\"STARTING\"},"
                + "{\"id\":\"e\",\"state\":\"PAUSED\"},{\"id\":\"g\",\"state\":\"STOPPING\"}],\"queued\":0}";
        assertThat(Sampler.states(json)).isEqualTo("2,1,1,1,1,6");
        assertThat(Sampler.states("")).isEqualTo(",,,,,");
    }

    @Test
    void readsTheFunctionsGauges() {
        String text = "# HELP x\nstoker_autoscaler_desired{function=\"g\"} 7.0\nstoker_autoscaler_desired{function=\"f\"} 3.0\n"
                + "stoker_inflight{function=\"f\"} 12.0\nstoker_queue_depth{function=\"f\"} 4.0\njvm_x 1\n";
        assertThat(Sampler.gauges(text, "f")).isEqualTo("3.0,12.0,4.0");
        assertThat(Sampler.gauges("", "f")).isEqualTo(",,");
    }
}
