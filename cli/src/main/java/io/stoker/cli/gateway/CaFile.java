package io.stoker.cli.gateway;

import io.stoker.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code --ca-file} (or {@code STOKER_CA_FILE}): the PEM certificate(s) an {@code https://} gateway's certificate is
 * checked against, instead of the JDK's trusted authorities; for a gateway with its own or a self-signed certificate.
 */
public final class CaFile {

    public static final String ENV = "STOKER_CA_FILE";

    private CaFile() {}

    /** An HTTP client like {@code io.stoker.cli.CliContext#defaultHttp} that trusts the certificates in {@code pem}. */
    public static HttpClient httpClient(Path pem) {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context(pem))
                .build();
    }

    static SSLContext context(Path pem) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new CliException("--ca-file " + pem + " cannot be read (" + e.getMessage()
                    + "): give the PEM file of the gateway's certificate or of the authority that signed it", 2);
        } catch (GeneralSecurityException e) {
            throw new CliException("--ca-file " + pem + " holds no PEM certificate (" + e.getMessage()
                    + "): give the file with '-----BEGIN CERTIFICATE-----'", 2);
        }
        if (certs.isEmpty()) {
            throw new CliException("--ca-file " + pem + " holds no certificate: give the file with "
                    + "'-----BEGIN CERTIFICATE-----'", 2);
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK cannot build a trust store", e);
        }
    }
}
