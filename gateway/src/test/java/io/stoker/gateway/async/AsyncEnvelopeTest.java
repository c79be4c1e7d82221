package io.stoker.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.gateway.metrics.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class AsyncEnvelopeTest {

    @Test
    void aCallReadsBackFromItsRecordAsItWasWritten() {
        AsyncRequest request = new AsyncRequest("hello", "PUT", "/items/7?x=1", Map.of("x-trace", "abc",
                "content-type", "text/plain"), "body".getBytes(StandardCharsets.UTF_8), "http://127.0.0.1:9/cb",
                Trigger.SCHEDULE);
        AsyncEnvelope call = new AsyncEnvelope("id-1", request, 1_700_000_000_000_000L);
        AsyncEnvelope back = AsyncEnvelope.of(call.headers(), request.body());
        assertThat(back.id()).isEqualTo("id-1");
        assertThat(back.acceptedMicros()).isEqualTo(1_700_000_000_000_000L);
        assertThat(back.request().function()).isEqualTo("hello");
        assertThat(back.request().method()).isEqualTo("PUT");
        assertThat(back.request().path()).isEqualTo("/items/7?x=1");
        assertThat(back.request().headers()).isEqualTo(request.headers());
        assertThat(back.request().body()).isEqualTo(request.body());
        assertThat(back.request().callbackUrl()).isEqualTo("http://127.0.0.1:9/cb");
        assertThat(back.request().trigger()).isEqualTo(Trigger.SCHEDULE);
    }

    @Test
    void noCallbackStaysNone() {
        AsyncRequest request = new AsyncRequest("f", "POST", "/", Map.of(), new byte[0], null, Trigger.ASYNC);
        assertThat(AsyncEnvelope.of(new AsyncEnvelope("i", request, 1).headers(), null).request().callbackUrl())
                .isNull();
    }

    @Test
    void aRecordThatIsNotACallSaysWhatIsMissing() {
        assertThatThrownBy(() -> AsyncEnvelope.of(new RecordHeaders(), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stoker-");
    }
}
