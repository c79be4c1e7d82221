package io.stoker.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.stoker.cli.CliRunner;
import io.stoker.runtime.tls.SelfSignedCert;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https://} gateway with a self-signed certificate (made by keytool at test time, served by the JDK's
 * HTTPS server as a stand-in for the gateway's API): trusted with {@code --ca-file} or {@code STOKER_CA_FILE}, and
 * refused without, with a message that says what to pass.
 */
class CaFileTest {

    @TempDir
    Path tmp;

    private SelfSignedCert cert;
    private HttpsServer server;
    private String url;

    @BeforeEach
    void serve() throws Exception {
        cert = SelfSignedCert.create(tmp.resolve("tls"));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        server.createContext("/v1/functions", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void trustsTheGatewayWithItsCaFileFromTheOptionOrTheEnvironment() {
        CliRunner cli = new CliRunner(tmp).gateway(url);
        CliRunner.Result withOption = cli.run("list", "-o", "json", "--ca-file", cert.certPem().toString());
        assertThat(withOption.exitCode()).as(withOption.err()).isZero();
        assertThat(withOption.out().replaceAll("\\s", "")).isEqualTo("[]");

        cli.env.put("STOKER_CA_FILE", cert.certPem().toString());
        assertThat(cli.run("list", "-o", "json").exitCode()).isZero();
    }

    @Test
    void withoutItTheCertificateIsRefusedAndTheMessageSaysWhatToPass() {
        CliRunner.Result refused = new CliRunner(tmp).gateway(url).run("list");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("does not trust").contains("--ca-file").contains("STOKER_CA_FILE");
    }

    @Test
    void aCaFileThatIsNoCertificateIsAUsageError() throws Exception {
        Path bogus = Files.writeString(tmp.resolve("bogus.pem"), "not a certificate");
        CliRunner.Result refused = new CliRunner(tmp).gateway(url).run("list", "--ca-file", bogus.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("bogus.pem").contains("BEGIN CERTIFICATE");
    }
}
