package io.stoker.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up warning: beyond loopback without TLS, and only then. */
class BindCheckTest {

    @Test
    void warnsForEveryInterfaceOrAnOutsideAddressWithoutTls() {
        assertThat(BindCheck.warning("0.0.0.0", false)).get().asString()
                .contains("0.0.0.0").contains("without TLS").contains("stoker.tls.cert");
        assertThat(BindCheck.warning("::", false)).isPresent();
        assertThat(BindCheck.warning("192.0.2.10", false)).isPresent();
        assertThat(BindCheck.warning("no-such-host.invalid", false)).as("unresolvable: not known to be safe")
                .isPresent();
    }

    @Test
    void staysQuietOnLoopbackOrWithTls() {
        assertThat(BindCheck.warning("127.0.0.1", false)).isEmpty();
        assertThat(BindCheck.warning("::1", false)).isEmpty();
        assertThat(BindCheck.warning("localhost", false)).isEmpty();
        assertThat(BindCheck.warning("0.0.0.0", true)).isEmpty();
    }
}
