package io.stoker.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Stoker's TLS settings as Quarkus's: nothing without a certificate, HTTPS only unless plain HTTP is asked for. */
class TlsSettingsTest {

    @Test
    void noCertificateLeavesQuarkusAsItIs() {
        assertThat(TlsSettings.properties(null, null, "9443", "true")).isEmpty();
    }

    @Test
    void aCertificateAndKeyGoToTheTlsRegistryAndTurnPlainHttpOff() {
        assertThat(TlsSettings.properties("/c.pem", "/k.pem", null, null))
                .containsEntry("quarkus.tls.key-store.pem.stoker.cert", "/c.pem")
                .containsEntry("quarkus.tls.key-store.pem.stoker.key", "/k.pem")
                .containsEntry("quarkus.http.ssl-port", "8443")
                .containsEntry("quarkus.http.insecure-requests", "disabled");
        assertThat(TlsSettings.properties("/c.pem", "/k.pem", "9443", "true"))
                .containsEntry("quarkus.http.ssl-port", "9443")
                .containsEntry("quarkus.http.insecure-requests", "enabled");
    }

    @Test
    void oneWithoutTheOtherIsAClearError() {
        assertThatThrownBy(() -> TlsSettings.properties("/c.pem", null, null, null))
                .hasMessageContaining("stoker.tls.key").hasMessageContaining("only the certificate");
    }
}
