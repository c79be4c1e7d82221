package io.stoker.cli;

import io.stoker.cli.gateway.CaFile;
import io.stoker.cli.gateway.GatewayClient;
import io.stoker.cli.gateway.GatewayConfig;
import io.stoker.cli.output.Console;
import io.stoker.cli.system.Host;
import io.stoker.cli.system.PosixHost;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What every command may need from the outside world: environment, repository root, home folder,
 * console and host calls. Injected so that tests run commands without touching the real machine.
 *
 * @param env environment variables
 * @param repo the Stoker repository root (from {@code -Dstoker.repo}), if known
 * @param userHome the user's home folder
 * @param console where output goes
 * @param host POSIX calls
 * @param http the HTTP client used to talk to the gateway
 */
public record CliContext(
        Map<String, String> env, Optional<Path> repo, Path userHome, Console console, Host host, HttpClient http) {

    /** The real machine: process environment, jnr-posix, System.out/err. */
    public static CliContext fromSystem() {
        Host host = PosixHost.create();
        Console console = new Console(
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                host.isatty(1),
                host.isatty(2),
                System.getenv());
        String repo = System.getProperty("stoker.repo");
        return new CliContext(
                System.getenv(),
                repo == null || repo.isBlank() ? Optional.empty() : Optional.of(Path.of(repo)),
                Path.of(System.getProperty("user.home")),
                console,
                host,
                defaultHttp());
    }

    public static HttpClient defaultHttp() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The repository root, or a clear error telling how to get one. */
    public Path requireRepo() {
        return repo.orElseThrow(() -> new CliException(
                "cannot find the Stoker repository (system property stoker.repo is not set):"
                        + " run the CLI through bin/stoker"));
    }

    public GatewayConfig gateway(String gatewayOption) {
        return GatewayConfig.resolve(gatewayOption, env, userHome);
    }

    public GatewayClient client(String gatewayOption) {
        return client(gatewayOption, null);
    }

    /** The gateway's client; with a CA file ({@code --ca-file}, else {@code STOKER_CA_FILE}) for HTTPS. */
    public GatewayClient client(String gatewayOption, String caFileOption) {
        return new GatewayClient(gateway(gatewayOption), httpFor(caFileOption));
    }

    /** {@link #http} unless a CA file is named: then a client that trusts its certificates. */
    public HttpClient httpFor(String caFileOption) {
        String ca = caFileOption != null && !caFileOption.isBlank() ? caFileOption : env.get(CaFile.ENV);
        return ca == null || ca.isBlank() ? http : CaFile.httpClient(Path.of(ca.strip()));
    }
}
