package io.stoker.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackTargetTest {

    @Test
    void httpAndHttpsToAnyHostWithoutAnAllowList() {
        CallbackTarget any = new CallbackTarget(List.of());
        assertThat(any.refusal("http://hooks.example.com/cb?x=1")).isNull();
        assertThat(any.refusal("https://10.0.0.5:8443/cb")).isNull();
    }

    @Test
    void otherSchemesNoHostCredentialsAndNonsenseAreRefusedSayingWhy() {
        CallbackTarget any = new CallbackTarget(List.of());
        assertThat(any.refusal("ftp://example.com/x")).contains("http://");
        assertThat(any.refusal("file:///etc/passwd")).contains("http://");
        assertThat(any.refusal("/relative")).contains("http://");
        assertThat(any.refusal("http:///nohost")).contains("no host");
        assertThat(any.refusal("http://user:pw@example.com/")).contains("credentials");
        assertThat(any.refusal("http://exa mple.com/")).contains("not a URL");
    }

    @Test
    void anAllowListAdmitsOnlyItsHosts() {
        CallbackTarget only = new CallbackTarget(List.of("127.0.0.1", "Hooks.Example.com", "::1"));
        assertThat(only.refusal("http://127.0.0.1:9000/cb")).isNull();
        assertThat(only.refusal("https://hooks.example.com/cb")).isNull();
        assertThat(only.refusal("http://[::1]:80/cb")).isNull();
        assertThat(only.refusal("http://169.254.169.254/latest")).contains("not allowed").contains("127.0.0.1");
    }
}
